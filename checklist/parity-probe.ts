import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { CheckContext } from './check-context.ts'
import { PARITY_SHAPES, type ParityShape, type ShapeRequest, type ShapeTarget } from './parity-shapes.ts'
import { mintToken } from './support/tokens.ts'

/** What one target answered to one shape: the parts compared. */
export interface ShapeAnswer {
  /** HTTP status; 0 when no answer came (the reason is in `code`). */
  status: number
  /** The registry `code` of a problem body, if any. */
  code?: string
  detail?: string
  /** Whether `Access-Control-Allow-Origin` was sent. */
  cors: boolean
}

export interface ParityOptions {
  /** Compare `detail` on the shapes that ask for it. Default false (wording is not the contract's). */
  details?: boolean
  /** The shapes to send. Default {@link PARITY_SHAPES}. */
  shapes?: readonly ParityShape[]
}

/** The probe's verdict: a printable text and how many differences count. */
export interface ParityResult {
  text: string
  /**
   * Differing shapes that count toward the exit code: all of them when both targets are this
   * project's own implementations ({@link bothOwnImplementations}), else 0 (they are information).
   */
  differences: number
  /** Names of the shapes that differ (counted or not). */
  differing: string[]
}

/** The targets that implement this project's contract extensions (registry codes, settled F8/F9 answers). */
const OWN_IMPLEMENTATIONS = ['reference', 'msw']

/**
 * Whether both targets are this project's own implementations. Only then is a different answer a
 * bug: the specification leaves these shapes open, so a spec-faithful backend (FastAPI's
 * `{"detail":…}` without `code`, 307 on a trailing slash, 405 on HEAD) differs without being wrong.
 */
export function bothOwnImplementations(left: Pick<CheckContext, 'target'>, right: Pick<CheckContext, 'target'>): boolean {
  return [left, right].every((ctx) => OWN_IMPLEMENTATIONS.includes(ctx.target))
}

/** Each request gets this long before it counts as "no answer", in milliseconds. */
const TIMEOUT_MS = 10_000

/**
 * Sends every shape to both targets, as the same two users (left's ids; each target mints or
 * holds its own tokens), and compares status, registry code, the presence of
 * Access-Control-Allow-Origin and, with `details`, the problem detail. Every difference is one line.
 */
export async function runParityProbe(left: CheckContext, right: CheckContext, options: ParityOptions = {}): Promise<ParityResult> {
  // A stateless mock (Prism) checks neither tokens nor owners: nearly every shape would differ, and say nothing.
  const blind = [left, right].find((ctx) => !ctx.capabilities.includes('verifies-tokens') || !ctx.capabilities.includes('ownership'))
  if (blind) return { text: `\nParity probe not run: ${blind.target} neither verifies tokens nor keeps owners.\n`, differences: 0, differing: [] }
  const users = { a: { id: left.users.a.id }, b: { id: left.users.b.id } }
  const sides = [left, { ...right, users }]
  const canMint = sides.every((ctx) => ctx.capabilities.includes('mint-tokens') && ctx.auth.mode !== 'better-auth')
  const cors = sides.every((ctx) => ctx.capabilities.includes('cors'))
  const shapes = (options.shapes ?? PARITY_SHAPES).filter((s) => canMint || !s.mints)
  const [leftAnswers, rightAnswers] = [await probeAnswers(sides[0]!, shapes), await probeAnswers(sides[1]!, shapes)]
  const lines = ['', `Parity probe: ${shapes.length} request shapes (security review F8, F9) sent to ${left.target} and ${right.target}`]
  const differing: string[] = []
  for (const shape of shapes) {
    const [a, b] = [leftAnswers.get(shape.name)!, rightAnswers.get(shape.name)!]
    const show = (x: ShapeAnswer) =>
      [
        x.status,
        x.code ?? '-',
        ...(cors ? [x.cors ? 'cors' : 'no-cors'] : []),
        ...(options.details && shape.detail ? [JSON.stringify(x.detail ?? null)] : []),
      ].join(' ')
    if (show(a) === show(b)) continue
    differing.push(shape.name)
    lines.push(`  ${shape.method.padEnd(7)} ${shape.name.padEnd(34)} ${show(a)}  vs  ${show(b)}`)
  }
  if (!canMint) lines.push(`  (${PARITY_SHAPES.length - shapes.length} shapes that need minted tokens were not sent: a target cannot mint)`)
  lines.push(
    differing.length === 0
      ? `Every request shape answered alike on ${left.target} and ${right.target}.`
      : `${differing.length} request shape(s) differ between ${left.target} and ${right.target}.`,
  )
  const counted = bothOwnImplementations(left, right)
  if (!counted && differing.length > 0) {
    lines.push(
      `These differences are information and do not count toward the exit code: only reference and msw share this project's answers to these shapes; the specification leaves them open (e.g. {"detail":…} without a code, 307 on a trailing slash, 405 on HEAD).`,
    )
  }
  lines.push('')
  return { text: lines.join('\n'), differences: counted ? differing.length : 0, differing }
}

/**
 * Sends `shapes` to one target as its users a and b (creating a task of a's first) and collects
 * what came back, by shape name.
 */
export async function probeAnswers(ctx: CheckContext, shapes: readonly ParityShape[] = PARITY_SHAPES): Promise<Map<string, ShapeAnswer>> {
  const target = await shapeTarget(ctx)
  const answers = new Map<string, ShapeAnswer>()
  for (const shape of shapes) answers.set(shape.name, await answer(ctx, target, shape))
  return answers
}

/** The target's side of the shapes: its tokens (cached per subject) and a task of user a. */
async function shapeTarget(ctx: CheckContext): Promise<ShapeTarget> {
  const tokens = new Map<string, Promise<string>>()
  const bearer = (sub: string) => {
    const own = Object.values(ctx.users).find((u) => u.id === sub && u.token)?.token
    if (!tokens.has(sub)) tokens.set(sub, own ? Promise.resolve(own) : mintToken(ctx, sub))
    return tokens.get(sub)!.then((token) => `Bearer ${token}`)
  }
  const target: ShapeTarget = {
    basePath: ctx.basePath,
    a: ctx.users.a.id,
    b: ctx.users.b.id,
    ownTask: '00000000-0000-0000-0000-000000000000',
    origin: ctx.origin,
    bearer,
  }
  const created = await send(ctx.baseUrl, 'POST', {
    path: `${ctx.basePath}/${ctx.users.a.id}/tasks`,
    headers: { authorization: await bearer(ctx.users.a.id), 'content-type': 'application/json' },
    body: '{"title":"parity probe"}',
  }).catch(() => undefined)
  const id = (created?.json as { id?: unknown } | undefined)?.id
  return { ...target, ...(typeof id === 'string' && { ownTask: id.toLowerCase() }) }
}

async function answer(ctx: CheckContext, target: ShapeTarget, shape: ParityShape): Promise<ShapeAnswer> {
  try {
    const got = await send(ctx.baseUrl, shape.method, await shape.build(target))
    const body = got.json as { code?: unknown; detail?: unknown } | undefined
    return {
      status: got.status,
      ...(typeof body?.code === 'string' && { code: body.code }),
      ...(typeof body?.detail === 'string' && { detail: body.detail }),
      cors: got.headers['access-control-allow-origin'] !== undefined,
    }
  } catch (error) {
    return { status: 0, code: `no answer (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, cors: false }
  }
}

/** One raw exchange: the path goes out exactly as given (fetch would normalise `//` and `..`). */
function send(baseUrl: string, method: string, req: ShapeRequest): Promise<{ status: number; headers: Record<string, unknown>; json: unknown }> {
  const url = new URL(baseUrl)
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const out = request(
      { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, method, path: req.path, headers: req.headers, timeout: TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          let json: unknown
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'))
          } catch {
            json = undefined
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json })
        })
        res.on('error', reject)
      },
    )
    out.on('timeout', () => out.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })))
    // A server may answer (401) and close before a large body is written: the answer is what counts.
    out.on('error', reject)
    out.end(req.body)
  })
}
