import { createIssuer, type Issuer } from '../mocks/issuer/index.ts'
import { createPostgresDatabase, type TestDatabase } from '../shared/db/postgres-database.ts'
import { postgresBackendPids } from './postgres-backends.ts'
import { BIG_LIST_SIZE, MID_LIST_SIZE, serverVariant, type ServerVariantId } from './results.ts'
import { spawnNode, type BenchChild } from './spawn-child.ts'

/** The users the load cases act as; separate, so creates never lengthen the list being measured. */
export const BENCH_USERS = { list: 'bench_list', create: 'bench_create', toggle: 'bench_toggle', mid: 'bench_mid', big: 'bench_big' } as const

/** Tasks the list user owns: the list case answers exactly this many. */
export const LIST_SIZE = 10

/** A server child process and the base URL it listens on. */
export interface ListeningChild extends BenchChild {
  url: string
}

/** The verified-token cache's counters (bench/reference-main.ts prints them). */
export interface CacheStats {
  hits: number
  misses: number
  size: number
}

/** One reference server (bench/reference-main.ts) of a {@link ServerVariantId}. */
export interface ServerTarget extends ListeningChild {
  variant: ServerVariantId
  /** PIDs of the PostgreSQL backends serving it (empty on PGlite, which runs inside it). */
  postgresPids(): Promise<number[]>
  /** The task the toggle case flips. */
  toggleTaskId: string
  /** The cache's counters now (SIGUSR2 to the child); `null` when its cache is off. */
  cacheStats(): Promise<CacheStats | null>
}

/** Everything the API load cases run against. */
export interface ApiTargets {
  issuer: Issuer
  /** The reference servers, the first being the primary one (scaling and page cases run on it). */
  servers: ServerTarget[]
  /** The floor (bench/floor-main.ts). */
  floor: ListeningChild
  /** `Authorization` headers per bench user (tokens valid for `TOKEN_TTL_SECONDS`). */
  auth: Record<keyof typeof BENCH_USERS, string>
  /** Mints `Authorization` headers for `count` distinct users `bench_u<i>`. */
  manyUsers(count: number): Promise<{ path: string; authorization: string }[]>
  close(): Promise<void>
}

/** Lifetime of the bench's tokens, in seconds: longer than any run, so none expires midway. */
const TOKEN_TTL_SECONDS = 6 * 3600

export interface ApiTargetOptions {
  /** Admin URL of a PostgreSQL server (a throw-away database is created in it per server). */
  databaseUrl?: string | undefined
  /** Servers to start, primary first. */
  variants: readonly ServerVariantId[]
  /** Write a V8 CPU profile of the primary server into this folder (`node --cpu-prof`). */
  cpuProfDir?: string | undefined
  /** Give the `mid` and `big` users their tasks on the primary server (scaling and page cases). Default false. */
  seedBigLists?: boolean
}

/**
 * Starts the simulated issuer in this process, then the floor and each reference server in its
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
    const env = {
      JWKS_URL: `${listener.url}/api/auth/jwks`,
      JWT_ISSUER: issuer.issuer,
      JWT_AUDIENCE: issuer.audience,
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
    }
    const floor = await listening(spawnNode(['--import', 'tsx', 'bench/floor-main.ts'], env), /Floor listening on (\S+)/)
    closers.push(() => floor.stop())
    const authOf = async (sub: string) => `Bearer ${await issuer.mint({ sub }, { expiresInSeconds: TOKEN_TTL_SECONDS })}`
    const auth = Object.fromEntries(await Promise.all(Object.entries(BENCH_USERS).map(async ([key, sub]) => [key, await authOf(sub)] as const))) as Record<
      keyof typeof BENCH_USERS,
      string
    >
    const servers: ServerTarget[] = []
    for (const [index, id] of options.variants.entries()) {
      const variant = serverVariant(id)
      let database: TestDatabase | undefined
      if (variant.database === 'postgres') {
        if (!options.databaseUrl) throw new Error(`server ${id} needs DATABASE_URL`)
        database = await createPostgresDatabase(options.databaseUrl)
        closers.push(() => database!.drop())
      }
      const profile = index === 0 && options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []
      const child = await listening(
        spawnNode([...profile, '--import', 'tsx', 'bench/reference-main.ts'], {
          ...env,
          VERIFY_CACHE: variant.verifyCache ? 'on' : 'off',
          // The create case adds thousands of tasks to one user per server (3 runs x 10 s): the
          // default quota (10,000) would turn the end of a long run into 409s.
          MAX_TASKS_PER_USER: '10000000',
          ...(database ? { DATABASE_URL: database.url } : { PGLITE_DATA_DIR: 'memory://' }),
        }),
        /Task API listening on (\S+)/,
      )
      closers.push(() => child.stop())
      for (let i = 1; i <= LIST_SIZE; i++) await createTask(child.url, BENCH_USERS.list, auth.list, `Bench task ${i}`)
      if (index === 0 && options.seedBigLists) {
        await seedList(child.url, BENCH_USERS.mid, auth.mid, MID_LIST_SIZE)
        await seedList(child.url, BENCH_USERS.big, auth.big, BIG_LIST_SIZE)
      }
      const toggleTaskId = await createTask(child.url, BENCH_USERS.toggle, auth.toggle, 'Toggled by the bench')
      let snapshots = 0
      const cacheStats = async () => {
        const label = `#${++snapshots}`
        process.kill(child.pid, 'SIGUSR2')
        const [, json] = await child.waitFor(new RegExp(`verify-cache-stats ${label} (.+)`), 10_000)
        return JSON.parse(json!) as CacheStats | null
      }
      const postgresPids = async () => (database ? postgresBackendPids(database.url) : [])
      servers.push(Object.assign(child, { variant: id, postgresPids, toggleTaskId, cacheStats }))
    }
    // Minted once per count: 10,000 Ed25519 signatures take a while on 2 cores.
    const minted = new Map<number, Promise<{ path: string; authorization: string }[]>>()
    const manyUsers = (count: number) => {
      if (!minted.has(count))
        minted.set(
          count,
          Promise.all(Array.from({ length: count }, async (_, i) => ({ path: `/api/bench_u${i}/tasks`, authorization: await authOf(`bench_u${i}`) }))),
        )
      return minted.get(count)!
    }
    return { issuer, servers, floor, auth, manyUsers, close }
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
 * The review's F5 load: `count` tasks of the largest size the contract allows (255-character
 * title, 2,000-character description), created through the API 8 at a time (as the review did).
 */
async function seedList(baseUrl: string, userId: string, authorization: string, count: number): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = ++next
      await createTask(baseUrl, userId, authorization, `${i} `.padEnd(255, 'T'), 'D'.repeat(2000))
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
