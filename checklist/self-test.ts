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
  /** Only these faults (default all). */
  faults?: string[]
}

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

/** Skips every JWKS item (their test names carry the item ID). */
const WITHOUT_JWKS_ITEMS = '^(?!.*JWKS-\\d{3})'

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
    const filter = fault && !KEY_HANDLING_FAULT.test(fault) ? WITHOUT_JWKS_ITEMS : undefined
    return await runChecklist({ context, console: 'silent', ...(filter && { filter }) })
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
  // One embedded database for every run: PGlite takes seconds to boot, and users differ per run.
  const database = options.databaseUrl ? undefined : await openDatabase({ pgliteDataDir: 'memory://' })
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
    for (const fault of [undefined, ...faults]) {
      const result = await runAgainst(fault, options, database)
      const caughtBy = Object.entries(result.items)
        .filter(([, r]) => r.outcome === 'fail' || r.outcome === 'warn')
        .map(([id]) => id)
      const expected = fault ? (EXPECTED_CATCHES[fault as FaultName] ?? []) : []
      const row = {
        fault,
        caughtBy,
        ok: fault ? caughtBy.length > 0 && expected.every((id) => caughtBy.includes(id)) : caughtBy.length === 0 && result.failed === 0,
      }
      rows.push(row)
      write(row)
    }
  } finally {
    await database?.close()
  }
  const missed = rows.filter((r) => !r.ok)
  options.io.stdout.write(
    `\n${rows.length - missed.length} of ${rows.length} rows as expected${missed.length ? `; not as expected: ${missed.map((r) => r.fault ?? 'correct server').join(', ')}` : ''}\n`,
  )
  return missed.length === 0 ? 0 : 1
}
