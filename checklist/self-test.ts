import { randomBytes } from 'node:crypto'
import { FAULTS, type FaultName } from '../reference-server/faults/faults.ts'
import { openDatabase } from '../shared/db/open-database.ts'
import type { CheckContext } from './check-context.ts'
import { runChecklist, type ChecklistResult } from './run-checklist.ts'
import { startReferenceTarget } from './targets.ts'

/**
 * Faults written for one item: their row is as expected only when that item is among those that
 * catch it (another item catching it by chance would not prove the item works).
 */
export const EXPECTED_CATCHES: Partial<Record<FaultName, readonly string[]>> = {
  'read-body-before-auth': ['DOS-002'],
  'unbounded-list': ['DOS-001'],
  'uuid-prefix-500': ['INPUT-012'],
  'framework-error-bodies': ['CONF-006'],
  'short-param-limit': ['SPEC-009'],
  'jwks-cooldown-after-unknown-kid': ['JWKS-005'],
  'refetch-jwks-every-request': ['JWKS-002'],
}

export interface SelfTestOptions {
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }
  origin: string
  databaseUrl?: string
  /** The reference server's `VERIFY_CACHE` (`on` or `off`). Default: the server's default (on). */
  verifyCache?: string
  /** Only these faults (default all). */
  faults?: string[]
  /** Rows run at once, each against its own server and issuer. Default {@link SELF_TEST_CONCURRENCY}. */
  concurrency?: number
}

/**
 * Rows at once: each row mostly waits on its server (in this process) and its workers, so 3 keep 2
 * cores busy; more only queue (measured on 2 cores). Each row has its own server, issuer and users,
 * each lane of rows its own embedded database.
 */
export const SELF_TEST_CONCURRENCY = 3

export interface SelfTestRow {
  fault: string | undefined
  /** Items that failed (or warned) against this server. */
  caughtBy: string[]
  ok: boolean
}

/**
 * Faults of key handling (fetching, caching, refetching the JWKS). Only their rows run the JWKS
 * items: those wait on purpose (a rotation, an issuer outage, a refetch cooldown: ~6 s of a ~13 s
 * run, measured), and no other fault changes what they observe. The correct server runs every item.
 */
const KEY_HANDLING_FAULT = /jwks|keys/

/** One run of the suite against the reference server with `fault` switched on (see {@link KEY_HANDLING_FAULT}). */
async function runAgainst(
  fault: string | undefined,
  options: SelfTestOptions,
  database: Awaited<ReturnType<typeof openDatabase>> | undefined,
): Promise<ChecklistResult> {
  const target = await startReferenceTarget({
    origin: options.origin,
    ...(fault && { fault }),
    ...(database && { database }),
    ...(options.databaseUrl && { databaseUrl: options.databaseUrl }),
    ...(options.verifyCache && { verifyCache: options.verifyCache }),
  })
  try {
    const suffix = randomBytes(3).toString('hex')
    const context: CheckContext = {
      target: fault ? `reference with TCK_FAULT=${fault}` : 'reference',
      baseUrl: target.baseUrl,
      basePath: '/api',
      capabilities: target.capabilities,
      auth: { mode: 'jwks', issuerUrl: target.issuerUrl, claims: { iss: target.iss, aud: target.aud, extra: {} } },
      users: { a: { id: `tck_a_${suffix}` }, b: { id: `tck_b_${suffix}` } },
      origin: options.origin,
      strict: false,
      thorough: false,
    }
    // One worker per row: rows run side by side already, and each worker loads the checks once.
    return await runChecklist({ context, console: 'silent', maxWorkers: 1, keyFile: !fault || KEY_HANDLING_FAULT.test(fault) })
  } finally {
    await target.close()
  }
}

/**
 * Proof of power: the suite must pass against the correct reference server, and each fault of
 * the fault switch (one broken rule at a time) must make at least one checklist item fail or warn.
 * @returns 0 when both hold, 1 otherwise.
 */
export async function runSelfTest(options: SelfTestOptions): Promise<number> {
  const faults = options.faults ?? FAULTS.map((f) => f.name)
  // One embedded database per lane of rows, not per row: PGlite takes seconds to boot, and users differ
  // per row. Not one for all lanes: a fault that lists every user's tasks (leak-other-users-tasks)
  // then also saw the tasks of rows running beside it, and INPUT items caught it too (measured).
  // A --database-url is one database for every row: its rows run one at a time, as before.
  const concurrency = options.databaseUrl ? 1 : Math.max(1, options.concurrency ?? SELF_TEST_CONCURRENCY)
  const lanes = Math.min(concurrency, faults.length + 1)
  const databases = options.databaseUrl ? [] : await Promise.all(Array.from({ length: lanes }, () => openDatabase({ pgliteDataDir: 'memory://' })))
  const rows: SelfTestRow[] = []
  const write = (row: SelfTestRow) =>
    options.io.stdout.write(
      `${row.ok ? 'ok  ' : 'FAIL'}  ${(row.fault ?? '(none: the correct server)').padEnd(30)} ${row.fault ? (row.caughtBy.length > 0 ? `caught by ${row.caughtBy.join(', ')}` : 'NOT CAUGHT') : row.caughtBy.length > 0 ? `wrongly failed ${row.caughtBy.join(', ')}` : 'passes every check'}\n`,
    )
  try {
    options.io.stdout.write(
      `Self-test: the checklist against the reference server, correct and with each of ${faults.length} faults\n` +
        '(the JWKS items run for the correct server and the key-handling faults only: they wait on purpose)\n\n',
    )
    const all = [undefined, ...faults]
    // The rows that run the JWKS items wait longest: started first, so no long row is left for the end.
    const runsKeys = (fault: string | undefined) => !fault || KEY_HANDLING_FAULT.test(fault)
    const queue = [...all.keys()].sort((a, b) => Number(runsKeys(all[b])) - Number(runsKeys(all[a])))
    const done: (SelfTestRow | undefined)[] = all.map(() => undefined)
    let printed = 0
    const lane = async (database: Awaited<ReturnType<typeof openDatabase>> | undefined) => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const fault = all[i]
        const result = await runAgainst(fault, options, database)
        const caughtBy = Object.entries(result.items)
          .filter(([, r]) => r.outcome === 'fail' || r.outcome === 'warn')
          .map(([id]) => id)
        const expected = fault ? (EXPECTED_CATCHES[fault as FaultName] ?? []) : []
        done[i] = {
          fault,
          caughtBy,
          ok: fault ? caughtBy.length > 0 && expected.every((id) => caughtBy.includes(id)) : caughtBy.length === 0 && result.failed === 0,
        }
        // Rows are printed in fault order, each as soon as the rows before it are done.
        for (; printed < all.length && done[printed]; printed++) {
          rows.push(done[printed]!)
          write(done[printed]!)
        }
      }
    }
    // Every row settles before the databases close; then the first error, if any, is thrown.
    const settled = await Promise.allSettled(Array.from({ length: lanes }, (_, n) => lane(databases[n])))
    const failure = settled.find((s) => s.status === 'rejected')
    if (failure) throw failure.reason
  } finally {
    await Promise.all(databases.map((d) => d.close()))
  }
  const missed = rows.filter((r) => !r.ok)
  options.io.stdout.write(
    `\n${rows.length - missed.length} of ${rows.length} rows as expected${missed.length ? `; not as expected: ${missed.map((r) => r.fault ?? 'correct server').join(', ')}` : ''}\n`,
  )
  return missed.length === 0 ? 0 : 1
}
