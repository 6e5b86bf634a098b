import { describe } from 'vitest'
import { check } from '../support/define-check.ts'
import { call, operation, OPERATIONS, urlOf } from '../support/api.ts'
import { expectExchange, send } from '../support/exchange.ts'
import type { CheckContext } from '../check-context.ts'
import { authFor } from '../support/tokens.ts'

const OTHER_ORIGIN = 'http://tck-other-origin.invalid'
const METHODS = [...new Set(OPERATIONS.filter((o) => o.secured).map((o) => o.method))]

const preflight = (ctx: CheckContext, origin: string, method: string) =>
  send({
    method: 'OPTIONS',
    url: urlOf(ctx, operation('getTask').path, { user_id: ctx.users.a.id }),
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' },
  })

describe('CORS', () => {
  check(
    'CORS-001',
    async (ctx) => {
      for (const method of METHODS) {
        const ex = await preflight(ctx, ctx.origin, method)
        const h = ex.response.headers
        expectExchange(ex.response.status < 300, 'a successful preflight', ex)
        expectExchange(h.get('access-control-allow-origin') === ctx.origin, `Access-Control-Allow-Origin: ${ctx.origin}`, ex)
        expectExchange(h.get('access-control-allow-credentials') === 'true', 'Access-Control-Allow-Credentials: true', ex)
        const allowed = (h.get('access-control-allow-methods') ?? '').toUpperCase().split(/\s*,\s*/)
        expectExchange(allowed.includes(method) || allowed.includes('*'), `${method} among the allowed methods`, ex)
        const headers = (h.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/)
        expectExchange(headers.includes('authorization'), 'Authorization among the allowed headers', ex)
      }
    },
    `for ${METHODS.join(', ')}`,
  )

  const otherOriginExchanges = async (ctx: CheckContext) => [
    await preflight(ctx, OTHER_ORIGIN, 'GET'),
    await call(ctx, operation('listTasks'), { headers: { origin: OTHER_ORIGIN, ...(await authFor(ctx, 'a')) } }),
  ]

  check('CORS-002', async (ctx) => {
    for (const ex of await otherOriginExchanges(ctx)) {
      const allowOrigin = ex.response.headers.get('access-control-allow-origin')
      expectExchange(allowOrigin === null, `no Access-Control-Allow-Origin for ${OTHER_ORIGIN} (got ${allowOrigin})`, ex)
    }
  })

  // Browsers ignore the other allow headers without Allow-Origin; sending them is a hygiene finding.
  check('CORS-004', async (ctx) => {
    for (const ex of await otherOriginExchanges(ctx)) {
      const allow = [...ex.response.headers.keys()].filter((name) => name.startsWith('access-control-allow'))
      expectExchange(allow.length === 0, `no Access-Control-Allow-* header for ${OTHER_ORIGIN} (got ${allow.join(', ')})`, ex)
    }
  })

  check('CORS-003', async (ctx) => {
    for (const origin of [ctx.origin, OTHER_ORIGIN]) {
      for (const ex of [
        await preflight(ctx, origin, 'GET'),
        await send({ method: 'GET', url: `${urlOf(ctx, operation('listTasks').path, { user_id: ctx.users.a.id })}`, headers: { origin } }),
      ]) {
        const h = ex.response.headers
        const wildcardWithCredentials = h.get('access-control-allow-origin') === '*' && h.get('access-control-allow-credentials') === 'true'
        expectExchange(!wildcardWithCredentials, 'never "*" with credentials', ex)
        expectExchange(h.get('access-control-allow-origin') !== OTHER_ORIGIN, 'the other origin is not reflected', ex)
      }
    }
  })
})
