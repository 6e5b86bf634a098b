import type { CheckContext } from '../check-context.ts'
import { call, operation } from './api.ts'
import { skipCheck } from './define-check.ts'
import { expectStatus, type Exchange } from './exchange.ts'
import { hostileToken, jwksFetches } from './tokens.ts'

/** JWKS-005's limit: an unknown kid before a rotation may delay new-key tokens this long, in ms. */
export const ROTATION_AFTER_UNKNOWN_KID_MS = 5_000

/**
 * What JWKS-005 allows beyond its limit, in ms: the arming fetch is seen up to 250 ms after it
 * happened (polling), the rotation comes after that, and the new key is tried every 250 ms; so a
 * backend with exactly a 5 s cooldown is accepted 5.0–5.5 s after the rotation and must not sit
 * on the edge. A 30 s cooldown (jose's default) is still far beyond.
 */
export const ROTATION_SLACK_MS = 1_000

/**
 * How long JWKS-005 sends unknown kids until one makes the backend fetch. Past the limit, no fetch
 * is itself the finding (the backend waits longer than the limit between unknown-kid refetches);
 * with --thorough long enough for the common 30 s cooldown to end, so its delay is then measured.
 */
export const rotationArmMs = (thorough: boolean) => (thorough ? 35_000 : ROTATION_AFTER_UNKNOWN_KID_MS + ROTATION_SLACK_MS + 1_000)

/** How long JWKS-005 then tries the new key: just past limit and slack, or with --thorough 35 s to measure. */
export const rotationWatchMs = (thorough: boolean) => (thorough ? 35_000 : ROTATION_AFTER_UNKNOWN_KID_MS + ROTATION_SLACK_MS + 500)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Sends unknown-kid tokens every 250 ms until the issuer has served a JWKS fetch since the first
 * (the backend's cooldown, if any, then starts about now) or `ms` pass. @returns whether it did.
 */
export async function armCooldown(ctx: CheckContext, ms: number): Promise<boolean> {
  const start = await jwksFetches(ctx)
  const until = Date.now() + ms
  for (;;) {
    const arming = await hostileToken(ctx, 'unknown-kid', 'a')
    if (!arming) skipCheck('this auth mode cannot make a token with an unknown kid')
    expectStatus(await call(ctx, operation('listTasks'), { headers: { authorization: `Bearer ${arming}` } }), 401)
    // Counted since the first token, so a backend that fetches after answering is seen too.
    if ((await jwksFetches(ctx)) > start) return true
    if (Date.now() > until) return false
    await sleep(250)
  }
}

/** Sends `token` every 250 ms until 200 or `ms` pass. @returns the last exchange and the refusals before it. */
export async function untilAccepted(ctx: CheckContext, token: string, ms: number): Promise<{ last: Exchange; refusals: number }> {
  const until = Date.now() + ms
  for (let refusals = 0; ; refusals++) {
    const last = await call(ctx, operation('listTasks'), { headers: { authorization: `Bearer ${token}` } })
    if (last.response.status === 200 || Date.now() > until) return { last, refusals }
    await sleep(250)
  }
}
