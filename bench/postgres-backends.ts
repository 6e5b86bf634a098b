import pg from 'pg'

/**
 * Process ids of the PostgreSQL backends connected to the database of `url` (other than the one
 * asking): the server's pool connections, whose CPU time is the database's share of a request.
 * Only meaningful when PostgreSQL runs on this machine, which the bench's loopback setup implies.
 */
export async function postgresBackendPids(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')
    return rows.map((r) => r.pid)
  } finally {
    await client.end()
  }
}
