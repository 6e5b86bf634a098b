import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe } from 'vitest'
import { MALFORMED_TOKENS, type HostileTokenKind } from '../../mocks/issuer/index.ts'
import { check, checkEach, skipCheck } from '../support/define-check.ts'
import { call, operation, SECURED_OPERATIONS } from '../support/api.ts'
import { expectExchange, expectStatus, type Exchange } from '../support/exchange.ts'
import { hs256WithClaimsOf, isPlaceholderSecret, PLACEHOLDER_SECRETS } from '../support/placeholder-secrets.ts'
import { hostileToken, validToken } from '../support/tokens.ts'
import type { CheckContext } from '../check-context.ts'
import type { ContractOperation } from '../../contracts/contract-schemas.ts'
import { listenOn } from '../../shared/http/dev-server.ts'
import { httpUrl } from '../../shared/net/url-host.ts'

/** Stands in for an attacker's key host: jku/x5u must never make the backend call it. */
let listener: Server
let listenerHits = 0
let listenerUrl = ''
beforeAll(async () => {
  listener = createServer((_req, res) => {
    listenerHits++
    res.end('{"keys":[]}')
  })
  listenerUrl = httpUrl('127.0.0.1', await listenOn(listener, 0, '127.0.0.1'))
})
afterAll(() => new Promise((resolve) => listener.close(resolve)))

/** Every 401 is collected so AUTH-019/020 can judge them all at the end. */
const refusals: { ex: Exchange; token?: string }[] = []

/** Sends `authorization` (none when undefined) and expects a 401; `what` names the token in the finding. */
async function expectRefused(ctx: CheckContext, op: ContractOperation, authorization: string | undefined, token?: string, what?: string) {
  const ex = await call(ctx, op, { headers: authorization === undefined ? {} : { authorization }, pathUser: ctx.users.a.id })
  if (what) expectExchange(ex.response.status === 401, `status 401 for ${what}`, ex)
  else expectStatus(ex, 401)
  refusals.push({ ex, ...(token && { token }) })
}

async function hostile(ctx: CheckContext, kind: HostileTokenKind): Promise<string> {
  const token = await hostileToken(ctx, kind, 'a', listenerUrl)
  if (!token) skipCheck(`a ${kind} token cannot be made in ${ctx.auth.mode} mode`)
  return token
}

const byOp = (op: ContractOperation) => `${op.operationId} (${op.method} ${op.path})`

describe('Authentication battery, on every secured operation of the contract', () => {
  checkEach('AUTH-001', SECURED_OPERATIONS, byOp, async (op, ctx) => expectRefused(ctx, op, undefined))
  checkEach('AUTH-002', SECURED_OPERATIONS, byOp, async (op, ctx) => {
    await expectRefused(ctx, op, 'Basic dGNrOnRjaw==')
    await expectRefused(ctx, op, `Token ${await validToken(ctx, 'a')}`)
  })
  checkEach('AUTH-003', SECURED_OPERATIONS, byOp, async (op, ctx) => {
    await expectRefused(ctx, op, 'Bearer ')
    await expectRefused(ctx, op, 'Bearer')
  })
  checkEach('AUTH-004', SECURED_OPERATIONS, byOp, async (op, ctx) => {
    for (const { token, kind } of MALFORMED_TOKENS) await expectRefused(ctx, op, `Bearer ${token}`, token, `a malformed token (${kind})`)
  })

  const hostileItems: [string, HostileTokenKind[]][] = [
    ['AUTH-005', ['alg-none-lower', 'alg-none-title', 'alg-none-upper', 'alg-none-mixed']],
    ['AUTH-006', ['signature-stripped', 'signature-corrupted']],
    ['AUTH-007', ['hs256-key-confusion']],
    ['AUTH-008', ['foreign-key']],
    ['AUTH-009', ['unknown-kid']],
    ['AUTH-010', ['embedded-jwk']],
    ['AUTH-012', ['unknown-crit']],
    ['AUTH-013', ['expired']],
    ['AUTH-014', ['not-yet-valid']],
    ['AUTH-015', ['wrong-issuer', 'missing-issuer']],
    ['AUTH-016', ['wrong-audience']],
    ['AUTH-017', ['missing-subject']],
    ['AUTH-018', ['missing-expiry']],
    ['AUTH-021', ['expired-recently']],
    // Only a 401 passes: a 5xx (PyJWT's OverflowError on int(inf)) or a 2xx (jose's Infinity) fails.
    ['AUTH-022', ['infinite-expiry']],
    ['AUTH-024', ['missing-audience']],
  ]
  for (const [id, kinds] of hostileItems) {
    checkEach(id, SECURED_OPERATIONS, byOp, async (op, ctx) => {
      const claim = /issuer/.test(kinds[0]!) ? 'iss' : /audience/.test(kinds[0]!) ? 'aud' : undefined
      if (claim && !ctx.auth.claims[claim]) skipCheck(`the claims profile puts no ${claim} in tokens, so the backend is not expected to check it`)
      for (const kind of kinds) {
        const token = await hostile(ctx, kind)
        await expectRefused(ctx, op, `Bearer ${token}`, token, `a hostile token of kind "${kind}"`)
      }
    })
  }

  checkEach('AUTH-011', SECURED_OPERATIONS, byOp, async (op, ctx) => {
    const before = listenerHits
    for (const kind of ['jku-header', 'x5u-header'] as const) {
      const token = await hostile(ctx, kind)
      await expectRefused(ctx, op, `Bearer ${token}`, token, `a hostile token of kind "${kind}"`)
    }
    if (listenerHits !== before) throw new Error(`the backend fetched the URL named by a jku/x5u header (${listenerHits - before} requests to ${listenerUrl})`)
  })

  check(
    'AUTH-023',
    async (ctx) => {
      const { secret, mode } = ctx.auth
      // A backend whose own secret anyone can guess is the finding itself, whatever it refuses.
      if (mode === 'shared-secret' && secret && isPlaceholderSecret(secret)) {
        throw new Error("the backend's secret is a well-known placeholder: anyone can sign tokens it accepts (generate one: openssl rand -base64 32)")
      }
      // The victim's own claims, so only the key differs from a token the backend accepts.
      const victim = await validToken(ctx, 'a')
      const secrets = [...PLACEHOLDER_SECRETS.filter((s) => s !== secret), ...(mode !== 'shared-secret' && secret ? [secret] : [])]
      for (const s of secrets) {
        const token = hs256WithClaimsOf(victim, s)
        const ex = await call(ctx, operation('listTasks'), { headers: { authorization: `Bearer ${token}` }, pathUser: ctx.users.a.id })
        const signedWith = s === secret ? 'the shared secret, beside the JWKS (a second trust path)' : `the placeholder secret "${s}"`
        expectExchange(ex.response.status === 401, `401 for an HS256 token signed with ${signedWith}`, ex)
        refusals.push({ ex, token })
      }
    },
    `${PLACEHOLDER_SECRETS.length} placeholder secrets on listTasks`,
  )

  check(
    'AUTH-019',
    async () => {
      if (refusals.length === 0) skipCheck('no 401 was collected (the battery did not run)')
      for (const { ex } of refusals)
        expectExchange(/^Bearer\b/i.test(ex.response.headers.get('www-authenticate') ?? ''), 'WWW-Authenticate: Bearer on a 401', ex)
    },
    'over all 401s of this battery',
  )

  check('AUTH-020', async (ctx) => {
    if (refusals.length === 0) skipCheck('no 401 was collected (the battery did not run)')
    for (const { ex, token } of refusals) {
      const text = ex.response.text
      expectExchange(!/Traceback|\bat .+:\d+:\d+|File ".+", line \d+|node_modules/.test(text), 'no stack trace in a 401 body', ex)
      if (token && token.length > 20) {
        const [header, payload] = token.split('.')
        expectExchange(
          !text.includes(token) && !(header && header.length > 10 && text.includes(header)) && !(payload && payload.length > 10 && text.includes(payload)),
          'no part of the token echoed',
          ex,
        )
      }
      expectExchange(!/"(sub|email|iat|exp)"\s*:/.test(text) && !text.includes(`${ctx.users.a.id}@`), 'no claims echoed', ex)
    }
  })
})
