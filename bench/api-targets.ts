import { createIssuer, type Issuer } from '../mocks/issuer/index.ts'
import { createPostgresDatabase, type TestDatabase } from '../shared/db/postgres-database.ts'
import { postgresBackendPids } from './postgres-backends.ts'
import { BIG_LIST_SIZE } from './results.ts'
import { spawnNode, type BenchChild } from './spawn-child.ts'

/** The users the load cases act as; separate, so creates never lengthen the list being measured. */
export const BENCH_USERS = { list: 'bench_list', create: 'bench_create', toggle: 'bench_toggle', big: 'bench_big' } as const

/** Tasks the list user owns: the list case answers exactly this many. */
export const LIST_SIZE = 10

/** A server child process and the base URL it listens on. */
export interface ListeningChild extends BenchChild {
  url: string
}

/** Everything the API load cases run against. */
export interface ApiTargets {
  issuer: Issuer
  /** `tck serve`, the reference server. */
  server: ListeningChild
  /** The floor (bench/floor-main.ts). */
  floor: ListeningChild
  /** Which database the server runs on. */
  database: 'postgres' | 'pglite'
  /** `Authorization` headers per bench user (tokens valid for `TOKEN_TTL_SECONDS`). */
  auth: Record<keyof typeof BENCH_USERS, string>
  /** PIDs of the PostgreSQL backends serving the server (empty on PGlite, which runs inside it). */
  postgresPids(): Promise<number[]>
  /** The task the toggle case flips. */
  toggleTaskId: string
  close(): Promise<void>
}

/** Lifetime of the bench's tokens, in seconds: longer than any run, so none expires midway. */
const TOKEN_TTL_SECONDS = 6 * 3600

export interface ApiTargetOptions {
  /** Admin URL of a PostgreSQL server (a throw-away database is created in it); absent → PGlite. */
  databaseUrl?: string | undefined
  /** Write a V8 CPU profile of the reference server into this folder (`node --cpu-prof`). */
  cpuProfDir?: string | undefined
  /** Give the `big` user {@link BIG_LIST_SIZE} maximal tasks (the page cases need them). Default false. */
  seedBigList?: boolean
}

/**
 * Starts the simulated issuer in this process, then the reference server and the floor each in its
 * own child process trusting it, and seeds the bench users through the API itself.
 */
export async function startApiTargets(options: ApiTargetOptions): Promise<ApiTargets> {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0 })
  const closers: (() => Promise<unknown>)[] = [() => listener.close()]
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {})
  }
  try {
    let database: TestDatabase | undefined
    if (options.databaseUrl) {
      database = await createPostgresDatabase(options.databaseUrl)
      closers.push(() => database!.drop())
    }
    const env = {
      JWKS_URL: `${listener.url}/api/auth/jwks`,
      JWT_ISSUER: issuer.issuer,
      JWT_AUDIENCE: issuer.audience,
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
    }
    const profile = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []
    const server = await listening(
      spawnNode([...profile, 'bin/tck.mjs', 'serve'], {
        ...env,
        ...(database ? { DATABASE_URL: database.url } : { PGLITE_DATA_DIR: 'memory://' }),
      }),
      /Task API listening on (\S+)/,
    )
    closers.push(() => server.stop())
    const floor = await listening(spawnNode(['--import', 'tsx', 'bench/floor-main.ts'], env), /Floor listening on (\S+)/)
    closers.push(() => floor.stop())

    const authOf = async (sub: string) => `Bearer ${await issuer.mint({ sub }, { expiresInSeconds: TOKEN_TTL_SECONDS })}`
    const auth = {
      list: await authOf(BENCH_USERS.list),
      create: await authOf(BENCH_USERS.create),
      toggle: await authOf(BENCH_USERS.toggle),
      big: await authOf(BENCH_USERS.big),
    }
    for (let i = 1; i <= LIST_SIZE; i++) await createTask(server.url, BENCH_USERS.list, auth.list, `Bench task ${i}`)
    if (options.seedBigList) await seedBigList(server.url, auth.big)
    const toggleTaskId = await createTask(server.url, BENCH_USERS.toggle, auth.toggle, 'Toggled by the bench')
    const postgresPids = async () => (database ? postgresBackendPids(database.url) : [])
    return { issuer, server, floor, database: database ? 'postgres' : 'pglite', auth, postgresPids, toggleTaskId, close }
  } catch (error) {
    await close()
    throw error
  }
}

async function listening(child: BenchChild, pattern: RegExp): Promise<ListeningChild> {
  try {
    const [, url] = await child.waitFor(pattern)
    return Object.assign(child, { url: url! })
  } catch (error) {
    await child.stop()
    throw error
  }
}

/**
 * The review's F5 load: {@link BIG_LIST_SIZE} tasks of the largest size the contract allows,
 * created through the API 8 at a time (as the review did; ~15 s).
 */
async function seedBigList(baseUrl: string, authorization: string): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < BIG_LIST_SIZE) {
      const i = ++next
      await createTask(baseUrl, BENCH_USERS.big, authorization, `${i} `.padEnd(255, 'T'), 'D'.repeat(2000))
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}

/** Creates a task through the API. @returns its id. */
async function createTask(baseUrl: string, userId: string, authorization: string, title: string, description = 'Seeded by npm run bench'): Promise<string> {
  const response = await fetch(`${baseUrl}/api/${userId}/tasks`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ title, description }),
  })
  if (response.status !== 201) throw new Error(`seeding failed: POST ${userId}/tasks answered ${response.status} ${await response.text()}`)
  return ((await response.json()) as { id: string }).id
}
