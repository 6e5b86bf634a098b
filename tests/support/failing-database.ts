import type { PoolClient } from 'pg'
import type { Database } from '../../shared/db/open-database.ts'

/**
 * Wraps a working database so that, once `failWith(error)` is called, every `pool.query` rejects
 * with that error (until `heal()`): a database outage or an unexpected driver error, on demand.
 * `pool.connect` (used by migrations) keeps working so the app can still be built, but the
 * queries of a client it hands out fail too (a create runs in a transaction on one client).
 */
export function failingDatabase(inner: Database): Database & { failWith(error: Error): void; heal(): void } {
  let failure: Error | undefined
  const pool = new Proxy(inner.pool, {
    get(target, property, receiver) {
      if (property === 'query' && failure) {
        const error = failure
        return () => Promise.reject(error)
      }
      if (property === 'connect') return async () => failingClient(await target.connect())
      const value = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  const failingClient = (client: PoolClient): PoolClient =>
    new Proxy(client, {
      get(target, property, receiver) {
        if (property === 'query' && failure) {
          const error = failure
          return () => Promise.reject(error)
        }
        const value = Reflect.get(target, property, receiver)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  return {
    pool,
    kind: inner.kind,
    close: async () => {},
    failWith: (error) => {
      failure = error
    },
    heal: () => {
      failure = undefined
    },
  }
}
