import { randomBytes } from 'node:crypto'
import { createIssuer } from '../mocks/issuer/index.ts'
import type { Capability } from './checklist.ts'
import type { AuthMode, CheckContext } from './check-context.ts'
import { preflight, PreflightError, trustHint } from './preflight.ts'
import { redact } from './support/exchange.ts'
import type { StartedTarget } from './targets.ts'

/** Targets the checklist starts itself, in-process. */
export const IN_PROCESS_TARGETS = ['reference', 'msw', 'prism']

/** What a checklist run is pointed at and how it authenticates (the options of `tck check`, as values). */
export interface PrepareCheckOptions {
  /** `reference`, `msw`, `prism` (started in-process) or a backend's base URL. */
  target: string
  /** Default `jwks`: tokens from a simulated issuer the backend trusts through JWKS_URL. */
  auth?: AuthMode
  /** jwks: reuse this running simulated issuer instead of starting one. */
  issuerUrl?: string
  /** jwks: port of the issuer started for the run (keys kept in `.tck/issuer-<port>`); 0 (default) a free port, keys in memory. */
  issuerPort?: number
  /** shared-secret: the HS256 secret; jwks: also tried as a second trust path (AUTH-023). Never printed. */
  secret?: string
  /** better-auth: the Better Auth base URL; two users are signed up there. */
  betterAuthUrl?: string
  /** Where the backend mounts the contract's `/api`. Default `/api`. */
  basePath?: string
  /** Registered claims of minted tokens: `iss,aud` (jwks default), `iss`, `aud` or `none` (other modes' default). */
  claims?: string
  /** `iss`/`aud` values of minted tokens (default: the issuer's URL). */
  iss?: string
  aud?: string
  /** Extra claims minted tokens carry. */
  extraClaims?: Record<string, string>
  /** The frontend origin the backend allows. Default `http://localhost:3000`. */
  origin?: string
  /** The two user ids. Default random `tck_a_…`, `tck_b_…`. */
  users?: [string, string]
  /** prism target: the OpenAPI document Prism serves and the checks iterate (default the package's contract). */
  contract?: string
  /** reference target: PostgreSQL instead of PGlite. */
  databaseUrl?: string
  /** reference target: its `VERIFY_CACHE` (`on` or `off`). Default: the server's default (on). */
  verifyCache?: string
  /** Warnings fail the run. */
  strict?: boolean
  /** Slow checks too (JWKS cooldowns, 1,000 fuzz bodies). */
  thorough?: boolean
  /** Same-origin deployment: CORS items are skipped. */
  noCors?: boolean
  /** The body `PATCH …/complete` requires (default: learned from the backend's /openapi.json). */
  toggleBody?: unknown
}

/** Problems with `options` that make a run pointless (one sentence each); empty when it can go. */
export function checkOptionProblems(options: Pick<PrepareCheckOptions, 'target' | 'auth' | 'secret' | 'betterAuthUrl' | 'claims' | 'basePath'>): string[] {
  const problems: string[] = []
  const { target } = options
  const mode = options.auth ?? 'jwks'
  if (!target) problems.push('--target is required (reference, msw, prism or a URL)')
  else if (!IN_PROCESS_TARGETS.includes(target) && !/^https?:\/\/[^/]+/.test(target))
    problems.push(`--target must be ${IN_PROCESS_TARGETS.join(', ')} or an http(s) URL (got "${target}")`)
  if (!['jwks', 'shared-secret', 'better-auth'].includes(mode)) problems.push('--auth must be jwks, shared-secret or better-auth')
  if (mode === 'shared-secret' && !options.secret) problems.push('--auth shared-secret needs the secret: TCK_SECRET in the environment, or --secret')
  if (mode === 'better-auth' && !options.betterAuthUrl) problems.push('--auth better-auth needs --better-auth-url')
  if (target && IN_PROCESS_TARGETS.includes(target) && mode !== 'jwks') problems.push(`the ${target} target trusts its own simulated issuer: use --auth jwks`)
  if (options.claims && !/^(none|iss|aud|iss,aud|aud,iss)$/.test(options.claims)) problems.push('--claims must be "iss,aud", "iss", "aud" or "none"')
  if (!/^\/[\w\-./]*$/.test(options.basePath ?? '/api')) problems.push('--base-path must start with /')
  return problems
}

/**
 * Starts what the run needs (an in-process target, the simulated issuer, Better Auth users) and
 * builds the check context. Everything started is pushed on `closers` (close them in reverse,
 * also on error). `say` gets lines for the person running it (how to start the backend).
 */
export async function prepareCheck(options: PrepareCheckOptions, say: (text: string) => void, closers: (() => Promise<void>)[]): Promise<CheckContext> {
  const mode = options.auth ?? 'jwks'
  const origin = options.origin ?? 'http://localhost:3000'
  const suffix = randomBytes(3).toString('hex')
  const [a, b] = options.users ?? [`tck_a_${suffix}`, `tck_b_${suffix}`]
  const extra = options.extraClaims ?? {}
  const profile = new Set((options.claims ?? (mode === 'jwks' ? 'iss,aud' : 'none')).split(',').filter((c) => c !== 'none'))
  const noCors = options.noCors ? { skipReasons: { cors: 'same-origin deployment (--no-cors): CORS does not apply' } } : {}
  const base = {
    // Random ids are the run's own: each check file can take a pair of its own (see CheckContext).
    usersPerFile: !options.users && mode !== 'better-auth',
    basePath: (options.basePath ?? '/api').replace(/\/+$/, ''),
    origin,
    strict: options.strict ?? false,
    thorough: options.thorough ?? false,
    ...noCors,
    ...(options.toggleBody !== undefined && { toggleBody: options.toggleBody }),
  }
  const withoutCors = (capabilities: Capability[]) => (options.noCors ? capabilities.filter((c) => c !== 'cors') : capabilities)

  if (IN_PROCESS_TARGETS.includes(options.target)) {
    const name = options.target
    // Imported here: the servers and mocks take ~0.9 s to load (measured), for nothing against a backend by URL.
    const { startMswTarget, startPrismTarget, startReferenceTarget } = await import('./targets.ts')
    const started: StartedTarget =
      name === 'msw'
        ? await startMswTarget({ origin })
        : name === 'prism'
          ? await startPrismTarget({ ...(options.contract && { contractPath: options.contract }) })
          : await startReferenceTarget({
              origin,
              ...(options.databaseUrl && { databaseUrl: options.databaseUrl }),
              ...(options.verifyCache && { verifyCache: options.verifyCache }),
            })
    closers.push(() => started.close())
    const twin = await started.twin?.()
    if (twin) closers.push(() => twin.close())
    return {
      ...base,
      ...(name === 'prism' && options.contract && { contractPath: options.contract }),
      ...(twin && { keyTarget: { baseUrl: twin.baseUrl, issuerUrl: twin.issuerUrl, iss: twin.iss, aud: twin.aud } }),
      basePath: '/api',
      target: name,
      baseUrl: started.baseUrl,
      capabilities: withoutCors(started.capabilities),
      auth: { mode, issuerUrl: started.issuerUrl, claims: { iss: started.iss, aud: started.aud, extra } },
      users: { a: { id: a }, b: { id: b } },
    }
  }

  const baseUrl = options.target.replace(/\/$/, '')
  const capabilities: Capability[] = withoutCors([
    'persistence',
    'ownership',
    'verifies-tokens',
    'cors',
    ...(options.thorough ? ['fast-jwks-refresh' as const] : []),
  ])
  if (mode === 'jwks') {
    let issuerUrl = options.issuerUrl?.replace(/\/$/, '')
    if (!issuerUrl) {
      // Keys per port: two issuers never share keys, so a backend trusting another one is noticed (JWKS-001).
      const port = options.issuerPort ?? 0
      const issuer = await createIssuer({ ...(port !== 0 && { stateDir: `.tck/issuer-${port}` }) })
      const listener = await issuer.listen({ port }).catch((error: NodeJS.ErrnoException) => {
        throw new PreflightError(
          `cannot start the simulated issuer on port ${port} (${error.code ?? error.message}): choose another with --issuer-port, or reuse a running one with --issuer-url`,
        )
      })
      closers.push(() => listener.close())
      issuerUrl = listener.url
    }
    const context: CheckContext = {
      ...base,
      target: baseUrl,
      baseUrl,
      capabilities: [...capabilities, 'mint-tokens', 'issuer-keys', 'issuer-stats', 'rotate-keys', 'issuer-outage'],
      auth: {
        mode,
        issuerUrl,
        ...(options.secret && { secret: options.secret }),
        claims: { ...(profile.has('iss') && { iss: options.iss ?? issuerUrl }), ...(profile.has('aud') && { aud: options.aud ?? issuerUrl }), extra },
      },
      users: { a: { id: a }, b: { id: b } },
    }
    say(
      `Start the backend with:\n  ${trustHint(context)
        .replace(/^start it with /, '')
        .split(' ')
        .join('\n  ')}\n`,
    )
    const stats = await fetch(`${issuerUrl}/__tck/stats`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.json() as Promise<{ jwksFetchesTotal?: number }>,
      () => undefined,
    )
    return { ...context, auth: { ...context.auth, ...(stats?.jwksFetchesTotal !== undefined && { jwksFetchesAtStart: stats.jwksFetchesTotal }) } }
  }
  if (mode === 'shared-secret') {
    return {
      ...base,
      target: baseUrl,
      baseUrl,
      capabilities: [...capabilities, 'mint-tokens', 'issuer-keys'],
      auth: {
        mode,
        secret: options.secret!,
        claims: { ...(profile.has('iss') && options.iss && { iss: options.iss }), ...(profile.has('aud') && options.aud && { aud: options.aud }), extra },
      },
      users: { a: { id: a }, b: { id: b } },
    }
  }
  const betterAuthUrl = options.betterAuthUrl!.replace(/\/$/, '')
  const { signUpAndGetToken } = await import('../web/auth-server/better-auth-session.ts')
  const signUp = (who: string) =>
    signUpAndGetToken({
      baseURL: betterAuthUrl,
      email: `${who}_${suffix}@tck.example`,
      password: `tck-${randomBytes(12).toString('hex')}`,
      name: `tck ${who}`,
      origin,
    }).catch((error: Error) => {
      throw new PreflightError(
        `cannot sign up a test user at Better Auth ${betterAuthUrl} (${redact(error.message)}): is it running, with email+password sign-up and the JWT plugin?`,
      )
    })
  const [userA, userB] = [await signUp('a'), await signUp('b')]
  return {
    ...base,
    target: baseUrl,
    baseUrl,
    capabilities,
    auth: { mode, betterAuthUrl, ...(options.secret && { secret: options.secret }), claims: { extra } },
    users: { a: { id: userA.userId, token: userA.token }, b: { id: userB.userId, token: userB.token } },
  }
}

/** Runs the preflight and merges what it learned; `say` gets its notes. */
export async function readyCheck(context: CheckContext, say: (text: string) => void): Promise<CheckContext> {
  const found = await preflight(context)
  for (const note of found.notes) say(`Note: ${note}\n`)
  for (const why of Object.values(found.blocked ?? {})) say(`Broken: ${redact(why)} — items that need it are reported as blocked\n`)
  const { notes: _notes, ...learned } = found
  return { ...context, ...learned }
}
