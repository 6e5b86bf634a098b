import { request as httpRequest } from 'node:http'
import type { Issuer } from '../../mocks/issuer/index.ts'
import { jsonOrUndefined } from '../../checklist/support/exchange.ts'

/**
 * The requests of the security review (../shared/field-reports/security-review.md), as data: each
 * one is sent byte for byte (raw path, raw body) to every target, and every target must give the
 * same expected answer. Findings whose proof needs time or a process (F6 stalled bodies, F7
 * rotation, F11 file modes, F13 headers) have their own tests; they are named in `coveredElsewhere`.
 */

/** What one raw HTTP exchange gave. */
export interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json: any
}

/** One request: method, raw path (never normalised), headers, raw body. */
export interface RawRequest {
  method: string
  path: string
  headers?: Record<string, string>
  body?: Buffer | string
}

/** Sends `req` to `baseUrl` exactly as given (node:http keeps `//`, `..`, `%zz` and raw bytes). */
export function sendRaw(baseUrl: string, req: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const json = jsonOrUndefined(text)
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
      })
    })
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${req.method} ${req.path}: no answer in 10 s`)))
    outgoing.on('error', reject)
    if (req.body !== undefined) outgoing.end(req.body)
    else outgoing.end()
  })
}

/** What a case needs from the target it runs against. */
export interface ReviewContext {
  issuer: Issuer
  /** A task of `alice` on this target (she has two), created before the cases run. */
  aliceTask: string
  bearer(sub: string): Promise<Record<string, string>>
}

/** One review request with the answer every target must give. */
export interface ReviewCase {
  finding: string
  name: string
  build(ctx: ReviewContext): Promise<RawRequest>
  status: number
  /** The registry code the body must carry, when the answer is an error. */
  code?: string
  /** Extra assertions on the answer; return a message to fail. */
  also?(answer: RawAnswer): string | undefined
}

const ALICE = 'alice'
const JSON_TYPE = { 'content-type': 'application/json' }
const NIL = '00000000-0000-0000-0000-000000000000'
const ALLOWED_ORIGIN = 'http://localhost:3000'

/** The allowed origin the targets are configured with. */
export const REVIEW_ALLOWED_ORIGIN = ALLOWED_ORIGIN

const noEcho = (fragment: string) => (a: RawAnswer) => (a.text.includes(fragment) ? `the body echoes ${fragment}` : undefined)
const withCors = (a: RawAnswer) =>
  a.headers['access-control-allow-origin'] === ALLOWED_ORIGIN ? undefined : 'no Access-Control-Allow-Origin for the allowed origin'

/** Flips the two unused low bits of an Ed25519 signature's last base64url character (86 characters, 2 spare bits). */
function flipUnusedBits(token: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const last = token.at(-1)!
  const flipped = alphabet[alphabet.indexOf(last) ^ 0b01]
  return token.slice(0, -1) + flipped
}

export const REVIEW_CASES: ReviewCase[] = [
  ...['GET', 'PUT', 'DELETE'].flatMap((method) =>
    ['urn:uuid:', 'URN:UUID:'].map(
      (prefix): ReviewCase => ({
        finding: 'F1',
        name: `${method} a ${prefix}-prefixed task id`,
        status: 422,
        code: 'VALIDATION_FAILED',
        build: async (ctx) => ({
          method,
          path: `/api/${ALICE}/tasks/${prefix}${NIL}`,
          headers: { ...(await ctx.bearer(ALICE)), ...JSON_TYPE },
          body: method === 'PUT' ? '{"title":"x"}' : undefined,
        }),
      }),
    ),
  ),
  {
    finding: 'F1',
    name: 'PATCH …/complete on a urn:uuid: task id',
    status: 422,
    code: 'VALIDATION_FAILED',
    build: async (ctx) => ({ method: 'PATCH', path: `/api/${ALICE}/tasks/urn:uuid:${NIL}/complete`, headers: await ctx.bearer(ALICE) }),
  },
  ...[101, 255].map(
    (length): ReviewCase => ({
      finding: 'F2',
      name: `a ${length}-character user id on its own path`,
      status: 200,
      build: async (ctx) => ({ method: 'GET', path: `/api/${'v'.repeat(length)}/tasks`, headers: await ctx.bearer('v'.repeat(length)) }),
    }),
  ),
  ...['%zz', '%C0%AF', 'a%ED%A0%80'].map(
    (segment): ReviewCase => ({
      finding: 'F3',
      name: `an undecodable user id ${segment}`,
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      build: async () => ({ method: 'GET', path: `/api/${segment}/tasks`, headers: { origin: ALLOWED_ORIGIN } }),
      also: (a) => noEcho(segment)(a) ?? withCors(a),
    }),
  ),
  ...['GET', 'POST'].map(
    (method): ReviewCase => ({
      finding: 'F4',
      name: `${method} with a sub holding U+0000 on its own path`,
      status: 401,
      code: 'AUTH_TOKEN_INVALID',
      build: async (ctx) => ({
        method,
        path: '/api/alice%00/tasks',
        headers: { ...(await ctx.bearer('alice\u0000')), ...JSON_TYPE },
        body: method === 'POST' ? '{"title":"x"}' : undefined,
      }),
    }),
  ),
  {
    finding: 'F5',
    name: 'a page larger than the maximum (limit=101)',
    status: 422,
    code: 'VALIDATION_FAILED',
    build: async (ctx) => ({ method: 'GET', path: `/api/${ALICE}/tasks?limit=101`, headers: await ctx.bearer(ALICE) }),
  },
  {
    finding: 'F5',
    name: 'a one-task page (limit=1) with count the total',
    status: 200,
    build: async (ctx) => ({ method: 'GET', path: `/api/${ALICE}/tasks?limit=1`, headers: await ctx.bearer(ALICE) }),
    also: (a) => (a.json?.data?.length === 1 && a.json.count >= 2 ? undefined : `not one task of a total: ${a.text.slice(0, 200)}`),
  },
  ...(
    [
      ['code=200', 'GET', ''],
      ['example=tasks', 'GET', ''],
      ['code=204', 'DELETE', `/${NIL}`],
    ] as const
  ).map(
    ([prefer, method, rest]): ReviewCase => ({
      finding: 'F8',
      name: `Prefer: ${prefer} on another user's path (${method})`,
      status: 403,
      code: 'FORBIDDEN_USER_MISMATCH',
      build: async (ctx) => ({ method, path: `/api/bob/tasks${rest}`, headers: { ...(await ctx.bearer(ALICE)), prefer } }),
    }),
  ),
  {
    finding: 'F9',
    name: 'a trailing slash after tasks (an empty task id)',
    status: 422,
    code: 'VALIDATION_FAILED',
    build: async (ctx) => ({ method: 'GET', path: `/api/${ALICE}/tasks/`, headers: await ctx.bearer(ALICE) }),
  },
  {
    finding: 'F9',
    name: 'a doubled leading slash (//api/…)',
    status: 404,
    code: 'ROUTE_NOT_FOUND',
    build: async (ctx) => ({ method: 'GET', path: `//api/${ALICE}/tasks`, headers: await ctx.bearer(ALICE) }),
  },
  {
    finding: 'F9',
    name: 'HEAD without a token',
    status: 401,
    build: async () => ({ method: 'HEAD', path: `/api/${ALICE}/tasks` }),
  },
  {
    finding: 'F9',
    name: "HEAD on another user's path",
    status: 403,
    build: async (ctx) => ({ method: 'HEAD', path: '/api/bob/tasks', headers: await ctx.bearer(ALICE) }),
  },
  {
    finding: 'F9',
    name: 'an own task id in upper case',
    status: 200,
    build: async (ctx) => ({ method: 'GET', path: `/api/${ALICE}/tasks/${ctx.aliceTask.toUpperCase()}`, headers: await ctx.bearer(ALICE) }),
    also: (a) => (String(a.json?.id).toLowerCase() === a.json?.id ? undefined : `the id is not answered in lower case: ${a.json?.id}`),
  },
  {
    finding: 'F9',
    name: 'a 10 KB user id (foreign)',
    status: 403,
    code: 'FORBIDDEN_USER_MISMATCH',
    build: async (ctx) => ({ method: 'GET', path: `/api/${'u'.repeat(10_000)}/tasks`, headers: await ctx.bearer(ALICE) }),
  },
  {
    finding: 'F9',
    name: 'a 10 KB task id',
    status: 422,
    code: 'VALIDATION_FAILED',
    build: async (ctx) => ({ method: 'GET', path: `/api/${ALICE}/tasks/${'t'.repeat(10_000)}`, headers: await ctx.bearer(ALICE) }),
  },
  {
    finding: 'F9',
    name: 'a __proto__ body',
    status: 422,
    code: 'VALIDATION_FAILED',
    build: async (ctx) => ({
      method: 'POST',
      path: `/api/${ALICE}/tasks`,
      headers: { ...(await ctx.bearer(ALICE)), ...JSON_TYPE },
      body: '{"title":"x","__proto__":{"admin":true}}',
    }),
  },
  {
    finding: 'F9',
    name: 'an empty create body',
    status: 422,
    code: 'VALIDATION_FAILED',
    build: async (ctx) => ({ method: 'POST', path: `/api/${ALICE}/tasks`, headers: { ...(await ctx.bearer(ALICE)), ...JSON_TYPE }, body: '' }),
  },
  {
    finding: 'F10',
    name: 'a body with 6,000 unknown keys',
    status: 422,
    code: 'VALIDATION_FAILED',
    build: async (ctx) => ({
      method: 'POST',
      path: `/api/${ALICE}/tasks`,
      headers: { ...(await ctx.bearer(ALICE)), ...JSON_TYPE },
      body: JSON.stringify({ title: 'x', ...Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`k${i}`, 0])) }),
    }),
    also: (a) =>
      a.text.length <= 8_192 && (a.json?.errors?.length ?? 0) <= 20 ? undefined : `an answer of ${a.text.length} bytes with ${a.json?.errors?.length} errors`,
  },
  {
    finding: 'F12',
    name: 'a foreign Host header (DNS rebinding)',
    status: 421,
    code: 'HOST_NOT_ALLOWED',
    build: async (ctx) => ({ method: 'GET', path: `/api/${ALICE}/tasks`, headers: { ...(await ctx.bearer(ALICE)), host: 'rebind.evil.example' } }),
  },
  {
    finding: 'F15',
    name: 'a token with "==" appended',
    status: 401,
    build: async (ctx) => ({ method: 'GET', path: `/api/${ALICE}/tasks`, headers: { authorization: `${(await ctx.bearer(ALICE)).authorization}==` } }),
  },
  {
    finding: 'F15',
    name: "a signature's unused low bits flipped",
    status: 401,
    build: async (ctx) => ({
      method: 'GET',
      path: `/api/${ALICE}/tasks`,
      headers: { authorization: flipUnusedBits((await ctx.bearer(ALICE)).authorization!) },
    }),
  },
  {
    finding: 'F16',
    name: 'exp 1e400 (Infinity)',
    status: 401,
    build: async (ctx) => ({
      method: 'GET',
      path: `/api/${ALICE}/tasks`,
      headers: { authorization: `Bearer ${await ctx.issuer.mintHostile('infinite-expiry', { sub: ALICE })}` },
    }),
  },
  {
    finding: 'F17',
    name: 'a title with a lone surrogate escape',
    status: 422,
    code: 'VALIDATION_FAILED',
    build: async (ctx) => ({
      method: 'POST',
      path: `/api/${ALICE}/tasks`,
      headers: { ...(await ctx.bearer(ALICE)), ...JSON_TYPE },
      body: '{"title":"a\\ud800b"}',
    }),
  },
  {
    finding: 'F17',
    name: 'a title with invalid UTF-8 bytes',
    status: 422,
    code: 'VALIDATION_FAILED',
    build: async (ctx) => ({
      method: 'POST',
      path: `/api/${ALICE}/tasks`,
      headers: { ...(await ctx.bearer(ALICE)), ...JSON_TYPE },
      body: Buffer.concat([Buffer.from('{"title":"a'), Buffer.from([0xc0, 0xaf, 0xff]), Buffer.from('b"}')]),
    }),
  },
  {
    finding: 'F18',
    name: 'PATCH …/complete with {"completed":false}',
    status: 422,
    code: 'VALIDATION_FAILED',
    build: async (ctx) => ({
      method: 'PATCH',
      path: `/api/${ALICE}/tasks/${ctx.aliceTask}/complete`,
      headers: { ...(await ctx.bearer(ALICE)), ...JSON_TYPE },
      body: '{"completed":false}',
    }),
  },
]

/** Findings proven by other tests (time, processes, files, a browser), and where. */
export const COVERED_ELSEWHERE: Record<string, string> = {
  F6: 'timeouts and the early 401: tests of each server (stalled bodies, slow headers)',
  F7: 'rotation after an unknown kid: tests/reference-server/jwks-behaviour.test.ts and the mock verifier tests',
  F11: 'file modes: the state-directory test',
  F13: 'security headers: the web app tests',
}
