import { createHash } from 'node:crypto'
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg'

/**
 * Runs SQL as named prepared statements: each pool connection parses and plans a text once and
 * then only binds and executes it, which took PostgreSQL's CPU per list request from ~185 to
 * ~112 µs in `npm run bench` (see BENCHMARKS.md). The name is derived from the text, so
 * repositories whose SQL differs (subclasses) sharing one pool never reuse a name for other SQL.
 */
export class PreparedStatements {
  /** Statement name per SQL text (a handful: the fixed queries and update's field combinations). */
  private readonly names = new Map<string, string>()

  /** Runs `text` with `values` on `client` (the pool, or a connection holding a transaction). */
  run<R extends QueryResultRow>(client: Pool | PoolClient, text: string, values: unknown[] = []): Promise<QueryResult<R>> {
    let name = this.names.get(text)
    if (name === undefined) {
      name = `tck_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`
      this.names.set(text, name)
    }
    return client.query<R>({ name, text, values })
  }
}
