/**
 * Global, runtime-switchable behaviours of the mock (latency, random failures, offline, short-lived
 * sessions, one forced status) and the per-request `Prefer` directives of Prism's convention.
 */

/** The global scenario settings; every field has a neutral default (the mock behaves normally). */
export interface ScenarioSettings {
  /** Delay added before every answer, in milliseconds. Default 0. */
  latencyMs: number
  /** Probability (0–1) that a task operation answers 500 instead. Default 0. */
  failureRate: number
  /** Seed of the pseudo-random draws behind `failureRate`, so a run is repeatable. Default 42. */
  seed: number
  /** Every request fails at the network level (`HttpResponse.error()`). Default false. */
  offline: boolean
  /**
   * Tokens whose `iat` is more than this many seconds old answer 401 `AUTH_TOKEN_EXPIRED`, to
   * simulate a short session without waiting 15 minutes. `undefined` (default): off.
   */
  tokenExpiresAfterSeconds: number | undefined
  /** The next task operation answers this HTTP status, once. `undefined` (default): none. */
  failNext: number | undefined
}

/** The scenario switchboard shared by every handler of one mock. */
export interface Scenarios {
  /** A copy of the current settings. */
  get(): ScenarioSettings
  /** Changes the given settings (validated); setting `seed` or `failureRate` restarts the draws. */
  set(changes: Partial<ScenarioSettings>): void
  /** Back to the settings the mock was created with; the draws restart. */
  reset(): void
  /** The pending `failNext` status, cleared so it answers once. */
  takeFailNext(): number | undefined
  /** One draw: true when this request should fail under `failureRate`. */
  rollFailure(): boolean
}

/** Settings with nothing simulated. */
export const DEFAULT_SCENARIOS: Readonly<ScenarioSettings> = Object.freeze({
  latencyMs: 0,
  failureRate: 0,
  seed: 42,
  offline: false,
  tokenExpiresAfterSeconds: undefined,
  failNext: undefined,
})

/** Creates the switchboard; `initial` overrides the defaults and is what `reset()` returns to. */
export function createScenarios(initial: Partial<ScenarioSettings> = {}): Scenarios {
  const base: ScenarioSettings = { ...DEFAULT_SCENARIOS, ...validate(initial) }
  let settings = { ...base }
  let random = mulberry32(settings.seed)
  return {
    get: () => ({ ...settings }),
    set(changes) {
      settings = { ...settings, ...validate(changes) }
      if ('seed' in changes || 'failureRate' in changes) random = mulberry32(settings.seed)
    },
    reset() {
      settings = { ...base }
      random = mulberry32(settings.seed)
    },
    takeFailNext() {
      const status = settings.failNext
      settings.failNext = undefined
      return status
    },
    // No draw when the rate is 0, so turning failures on later starts the same sequence.
    rollFailure: () => settings.failureRate > 0 && random() < settings.failureRate,
  }
}

/** The directives of one `Prefer` request header that the mock understands (Prism's names). */
export interface PreferDirectives {
  /** `code=404`: answer the operation's documented response for this status. */
  code?: number
  /** `example=notFound`: answer this named example of the operation. */
  example?: string
}

/**
 * Parses `Prefer: code=404, example=notFound` (RFC 7240; `,` or `;` separated, optional quotes).
 * Unknown preferences are ignored, as RFC 7240 section 2 requires.
 */
export function parsePrefer(header: string | null | undefined): PreferDirectives {
  const directives: PreferDirectives = {}
  for (const part of (header ?? '').split(/[,;]/)) {
    const [rawName, ...rest] = part.split('=')
    const name = rawName?.trim().toLowerCase()
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1')
    if (name === 'code' && /^[1-5]\d\d$/.test(value)) directives.code = Number(value)
    if (name === 'example' && value) directives.example = value
  }
  return directives
}

function validate(changes: Partial<ScenarioSettings>): Partial<ScenarioSettings> {
  const { latencyMs, failureRate, seed, failNext, tokenExpiresAfterSeconds } = changes
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) throw new RangeError('latencyMs must be >= 0')
  if (failureRate !== undefined && !(failureRate >= 0 && failureRate <= 1)) throw new RangeError('failureRate must be from 0 to 1')
  if (seed !== undefined && !Number.isInteger(seed)) throw new RangeError('seed must be an integer')
  if (failNext !== undefined && !(Number.isInteger(failNext) && failNext >= 100 && failNext <= 599)) {
    throw new RangeError('failNext must be an HTTP status from 100 to 599')
  }
  if (tokenExpiresAfterSeconds !== undefined && !(tokenExpiresAfterSeconds >= 0)) {
    throw new RangeError('tokenExpiresAfterSeconds must be >= 0')
  }
  // `undefined` means "off" only where off exists; elsewhere it would erase a default.
  const cleaned = { ...changes }
  for (const key of ['latencyMs', 'failureRate', 'seed', 'offline'] as const) {
    if (cleaned[key] === undefined) delete cleaned[key]
  }
  return cleaned
}

/** A small, fast 32-bit PRNG (mulberry32): good enough for simulated failures, and seedable. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
