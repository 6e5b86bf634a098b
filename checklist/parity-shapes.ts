/**
 * The request shapes `tck check --compare` sends to both targets (the security review's F8 and F9:
 * every request on which `tck mock` and the reference server once answered differently). Each is
 * sent byte for byte, so `//`, `%zz` and trailing slashes reach the server as written.
 */

/** What a shape needs from the target it is sent to. */
export interface ShapeTarget {
  /** The prefix that replaces the contract's `/api` (`/api`, `/v1`, or `''`). */
  basePath: string
  /** The two user ids, the same on both targets. */
  a: string
  b: string
  /** An existing task of user `a` on this target (lower-case UUID). */
  ownTask: string
  /** The frontend origin both targets allow. */
  origin: string
  /** `Bearer …` for `sub`, issued by this target's own issuer. */
  bearer(sub: string): Promise<string>
}

/** One raw request. */
export interface ShapeRequest {
  path: string
  headers: Record<string, string>
  body?: string | Buffer
}

/** One request shape: the same on both targets except for tokens and the own task's id. */
export interface ParityShape {
  name: string
  method: string
  /** Needs tokens for subjects other than the two users (minted): skipped when a target cannot mint. */
  mints?: boolean
  /** The problem `detail` is compared too (only between the reference server and the MSW mock: wording is no contract). */
  detail?: boolean
  build(t: ShapeTarget): Promise<ShapeRequest>
}

const NIL = '00000000-0000-0000-0000-000000000000'
const JSON_TYPE = 'application/json'
const TEN_KB = 10 * 1024

/** `Authorization` for `sub` (`null`: none) and the allowed `Origin`, so CORS headers can be compared too. */
const as = async (t: ShapeTarget, sub: string | null = t.a, extra: Record<string, string> = {}) => ({
  origin: t.origin,
  ...(sub !== null && { authorization: await t.bearer(sub) }),
  ...extra,
})

const shape = (name: string, method: string, build: ParityShape['build'], flags: Pick<ParityShape, 'mints' | 'detail'> = {}): ParityShape => ({
  name,
  method,
  build,
  ...flags,
})

/** Every shape, in the order printed. Names are stable: tests and reports refer to them. */
export const PARITY_SHAPES: readonly ParityShape[] = [
  // F8: Prefer is honoured only after authentication and ownership.
  shape('prefer-code-200-on-foreign-list', 'GET', async (t) => ({ path: `${t.basePath}/${t.b}/tasks`, headers: await as(t, t.a, { prefer: 'code=200' }) })),
  shape('prefer-example-on-foreign-list', 'GET', async (t) => ({ path: `${t.basePath}/${t.b}/tasks`, headers: await as(t, t.a, { prefer: 'example=tasks' }) })),
  shape('prefer-code-204-on-foreign-delete', 'DELETE', async (t) => ({
    path: `${t.basePath}/${t.b}/tasks/${NIL}`,
    headers: await as(t, t.a, { prefer: 'code=204' }),
  })),
  shape('prefer-without-token', 'GET', async (t) => ({ path: `${t.basePath}/${t.a}/tasks`, headers: await as(t, null, { prefer: 'code=200' }) })),
  // F9: paths the router must not normalise.
  shape('trailing-slash-after-tasks', 'GET', async (t) => ({ path: `${t.basePath}/${t.a}/tasks/`, headers: await as(t) })),
  shape('trailing-slash-after-task-id', 'GET', async (t) => ({ path: `${t.basePath}/${t.a}/tasks/${t.ownTask}/`, headers: await as(t) })),
  shape('empty-user-id-segment', 'GET', async (t) => ({ path: `${t.basePath}//tasks`, headers: await as(t) })),
  shape('double-leading-slash', 'GET', async (t) => ({ path: `/${t.basePath}/${t.a}/tasks`, headers: await as(t) })),
  shape('double-slash-foreign-host', 'GET', async (t) => ({ path: `//evil.example${t.basePath}/${t.a}/tasks`, headers: await as(t) })),
  // HEAD is GET without a body, with GET's auth rules.
  shape('head-without-token', 'HEAD', async (t) => ({ path: `${t.basePath}/${t.a}/tasks`, headers: await as(t, null) })),
  shape('head-own-list', 'HEAD', async (t) => ({ path: `${t.basePath}/${t.a}/tasks`, headers: await as(t) })),
  shape('head-foreign-list', 'HEAD', async (t) => ({ path: `${t.basePath}/${t.b}/tasks`, headers: await as(t) })),
  // Odd task ids and long user ids.
  shape('uppercase-own-task-id', 'GET', async (t) => ({ path: `${t.basePath}/${t.a}/tasks/${t.ownTask.toUpperCase()}`, headers: await as(t) })),
  shape('urn-uuid-task-id', 'GET', async (t) => ({ path: `${t.basePath}/${t.a}/tasks/urn:uuid:${t.ownTask}`, headers: await as(t) })),
  ...[101, 255].map((length) =>
    shape(
      `user-id-${length}-chars-own-token`,
      'GET',
      async (t) => ({ path: `${t.basePath}/${'u'.repeat(length)}/tasks`, headers: await as(t, 'u'.repeat(length)) }),
      { mints: true },
    ),
  ),
  shape('nul-in-sub-own-path', 'GET', async (t) => ({ path: `${t.basePath}/${t.a}%00/tasks`, headers: await as(t, `${t.a}\u0000`) }), { mints: true }),
  ...['%zz', '%C0%AF', '%ED%A0%80'].map((undecodable) =>
    shape(`undecodable-path-${undecodable.toLowerCase().replaceAll('%', '')}`, 'GET', async (t) => ({
      path: `${t.basePath}/${t.a}/tasks/${undecodable}`,
      headers: await as(t),
    })),
  ),
  shape('user-id-10kb-foreign', 'GET', async (t) => ({ path: `${t.basePath}/${'u'.repeat(TEN_KB)}/tasks`, headers: await as(t) })),
  shape('task-id-10kb', 'GET', async (t) => ({ path: `${t.basePath}/${t.a}/tasks/${'t'.repeat(TEN_KB)}`, headers: await as(t) })),
  // Bodies.
  shape('unauthenticated-256kb-post', 'POST', async (t) => ({
    path: `${t.basePath}/${t.a}/tasks`,
    headers: await as(t, null, { 'content-type': JSON_TYPE }),
    body: `{"title":"${'x'.repeat(256 * 1024)}"}`,
  })),
  shape('title-lone-surrogate', 'POST', async (t) => ({
    path: `${t.basePath}/${t.a}/tasks`,
    headers: await as(t, t.a, { 'content-type': JSON_TYPE }),
    body: '{"title":"a\\ud800b"}',
  })),
  ...[
    ['proto-body', '{"title":"x","__proto__":{"admin":true}}'],
    ['constructor-body', '{"title":"x","constructor":{"prototype":{"admin":true}}}'],
    ['empty-body', ''],
  ].map(([name, body]) =>
    shape(
      `create-${name}`,
      'POST',
      async (t) => ({ path: `${t.basePath}/${t.a}/tasks`, headers: await as(t, t.a, { 'content-type': JSON_TYPE }), body: body! }),
      { detail: true },
    ),
  ),
  shape('toggle-with-body', 'PATCH', async (t) => ({
    path: `${t.basePath}/${t.a}/tasks/${t.ownTask}/complete`,
    headers: await as(t, t.a, { 'content-type': JSON_TYPE }),
    body: '{"completed":false}',
  })),
  shape('list-limit-0', 'GET', async (t) => ({ path: `${t.basePath}/${t.a}/tasks?limit=0`, headers: await as(t) })),
  // CORS: a refused origin's preflight, and the allowed one's.
  shape('preflight-refused-origin', 'OPTIONS', async (t) => ({
    path: `${t.basePath}/${t.a}/tasks`,
    headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  })),
  shape('preflight-allowed-origin', 'OPTIONS', async (t) => ({
    path: `${t.basePath}/${t.a}/tasks`,
    headers: { origin: t.origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  })),
]
