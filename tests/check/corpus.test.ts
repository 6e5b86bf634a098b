import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPUS, NAMES_OPERATION, type CorpusBackend, type CorpusDefect } from '../../examples/corpus/manifest.ts'
import { findFreePort } from '../../shared/net/free-port.ts'
import { checklistItem } from '../../checklist/checklist.ts'
import { createPostgresDatabase, type TestDatabase } from '../../shared/db/postgres-database.ts'
import { spawnTck, type TckProcess } from '../support/spawn-tck.ts'
import { NO_POSTGRES_REASON, testEnv } from '../support/test-env.ts'

/**
 * The corpus (examples/corpus): backends written the way real teams write them. Every faithful
 * variant must pass `tck check` with 0 failed items, and every defect switched on with DEFECTS=…
 * must be reported by the items the manifest names (FAIL for `fail` items, WARN for `warn` ones),
 * in a summary line that names the operation. Variants run three at a time, each lane with its
 * own `tck issuer` (JWKS fetch counts and issuer outages must not leak between backends).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CORPUS_DIR = join(ROOT, 'examples/corpus')
const PYTHON = '/usr/bin/python3'
const LANES = 3
const INSTALL = 'sh examples/corpus/install.sh'

const missingModules = new Map<string, string[]>()
function missingPython(modules: string[]): string[] {
  return modules.filter((m) => {
    if (!missingModules.has(m)) missingModules.set(m, spawnSync(PYTHON, ['-c', `import ${m}`]).status === 0 ? [] : [m])
    return missingModules.get(m)!.length > 0
  })
}

/** Why a backend cannot run here, or undefined. Under CI a missing dependency is an error, not a skip. */
function skipReason(backend: CorpusBackend): string | undefined {
  const modules = [...(backend.pythonModules ?? []), ...(backend.needs?.includes('upstream') ? (backendNamed('pyjwt-jwks-sqlite').pythonModules ?? []) : [])]
  const missing = missingPython(modules)
  if (missing.length > 0) {
    const reason = `Python modules missing for ${PYTHON}: ${missing.join(', ')} (run ${INSTALL})`
    if (testEnv.ci) throw new Error(reason)
    return reason
  }
  if (backend.needs?.includes('postgres') && !testEnv.databaseUrl) {
    if (testEnv.ci) throw new Error(`${backend.name} needs PostgreSQL: ${NO_POSTGRES_REASON}`)
    return NO_POSTGRES_REASON
  }
  return undefined
}

function backendNamed(name: string): CorpusBackend {
  return CORPUS.find((b) => b.name === name)!
}

// ---------------------------------------------------------------- processes, lanes, database

const children: ChildProcess[] = []
const tcks: TckProcess[] = []
const dirs: string[] = []
let database: TestDatabase | undefined
const timings: string[] = []

interface Lane {
  issuerUrl: string
}
const lanes: Promise<Lane>[] = []
const freeLanes: number[] = []
const waiting: ((lane: number) => void)[] = []

async function startLane(): Promise<Lane> {
  const stateDir = mkdtempSync(join(tmpdir(), 'tck-corpus-issuer-'))
  dirs.push(stateDir)
  const issuer = spawnTck(['issuer', '--port', '0', '--state-dir', stateDir])
  tcks.push(issuer)
  const [, issuerUrl] = await issuer.waitFor(/^JWT_ISSUER=(\S+)$/m)
  return { issuerUrl: issuerUrl! }
}

/** Runs `work` on one of LANES lanes (each with its own issuer); at most LANES at a time. */
async function inLane<T>(work: (lane: Lane) => Promise<T>): Promise<T> {
  if (lanes.length < LANES && freeLanes.length === 0) {
    lanes.push(startLane())
    freeLanes.push(lanes.length - 1)
  }
  const index = freeLanes.pop() ?? (await new Promise<number>((resolve) => waiting.push(resolve)))
  try {
    return await work(await lanes[index]!)
  } finally {
    const next = waiting.shift()
    if (next) next(index)
    else freeLanes.push(index)
  }
}

interface Running {
  url: string
  log: () => string
  stop: () => Promise<void>
}

/** Starts one backend variant; resolves once it answers HTTP. */
async function start(backend: CorpusBackend, env: Record<string, string>): Promise<Running> {
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort()
    const child =
      backend.runtime === 'python'
        ? spawn(
            PYTHON,
            ['-m', 'uvicorn', 'app:app', '--app-dir', join(CORPUS_DIR, backend.entry), '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
            {
              cwd: ROOT,
              env: { PATH: process.env.PATH ?? '', ...env },
              stdio: ['ignore', 'pipe', 'pipe'],
            },
          )
        : spawn(process.execPath, ['--import', 'tsx', join(CORPUS_DIR, backend.entry)], {
            cwd: ROOT,
            env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', HOSTNAME: '127.0.0.1', ...env },
            stdio: ['ignore', 'pipe', 'pipe'],
          })
    children.push(child)
    let log = ''
    child.stdout!.on('data', (c: Buffer) => {
      log += c
    })
    child.stderr!.on('data', (c: Buffer) => {
      log += c
    })
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
    const url = `http://127.0.0.1:${port}`
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await exited
      }
    }
    const deadline = Date.now() + 30_000
    while (true) {
      if (child.exitCode !== null) break
      const up = await fetch(`${url}/health`).then(
        () => true,
        () => false,
      )
      if (up) return { url, log: () => log, stop }
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`${backend.name} did not answer within 30 s:\n${log}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
    if (attempt < 3 && /address already in use|EADDRINUSE/i.test(log)) continue
    throw new Error(`${backend.name} exited (${child.exitCode}) before answering:\n${log}`)
  }
}

/** The environment a variant gets: its auth settings, its database, its defects. */
function variantEnv(backend: CorpusBackend, lane: Lane, defects: string[], secret: string): Record<string, string> {
  const env: Record<string, string> =
    backend.auth === 'jwks'
      ? { JWKS_URL: `${lane.issuerUrl}/api/auth/jwks`, JWT_ISSUER: lane.issuerUrl, JWT_AUDIENCE: lane.issuerUrl }
      : { BETTER_AUTH_SECRET: secret }
  if (backend.needs?.includes('postgres')) {
    env.DATABASE_URL = database!.url
    env.DB_SCHEMA = `corpus_${(defects.join('_') || 'faithful').replace(/\W/g, '_')}`
  }
  if (defects.length > 0) env.DEFECTS = defects.join(',')
  return { ...env, ...backend.env }
}

interface CheckRun {
  code: number | null
  output: string
  backendLog: string
  seconds: number
}

/** Starts the variant (and the faithful upstream a proxy needs), runs `tck check` on it, stops it. */
async function checkVariant(backend: CorpusBackend, defects: string[], extraArgs: string[] = []): Promise<CheckRun> {
  return inLane(async (lane) => {
    const started = Date.now()
    const secret = `corpus-${randomBytes(16).toString('hex')}`
    const running: Running[] = []
    try {
      let env = variantEnv(backend, lane, defects, secret)
      if (backend.needs?.includes('upstream')) {
        const upstream = backendNamed('pyjwt-jwks-sqlite')
        running.push(await start(upstream, variantEnv(upstream, lane, [], secret)))
        env = { ...env, BACKEND_URL: running[0]!.url }
      }
      const api = await start(backend, env)
      running.push(api)
      const auth = backend.auth === 'jwks' ? ['--issuer-url', lane.issuerUrl] : ['--auth', 'shared-secret', '--secret', secret]
      const tck = spawnTck(['check', '--target', api.url, ...auth, ...backend.checkArgs, ...extraArgs], {}, ROOT)
      tcks.push(tck)
      const code = await tck.exited
      const seconds = (Date.now() - started) / 1000
      timings.push(`${backend.name}${defects.length ? ` DEFECTS=${defects.join(',')}` : ' (faithful)'}: ${seconds.toFixed(1)} s`)
      return { code, output: tck.output(), backendLog: running.map((r) => r.log()).join('\n'), seconds }
    } finally {
      await Promise.all(running.map((r) => r.stop()))
    }
  })
}

interface ItemLine {
  outcome: string
  text: string
}

/** The summary line of item `id`: `  FAIL  AUTH-012  title  (note)`. */
function itemLine(output: string, id: string): ItemLine | undefined {
  const match = new RegExp(`^\\s+(PASS|FAIL|WARN|SKIP|INFO)\\s+${id}\\s+(.*)$`, 'm').exec(output)
  return match ? { outcome: match[1]!, text: match[2]! } : undefined
}

/** What the run printed, for an assertion message: the item lines and the totals. */
function digest(run: CheckRun): string {
  const lines = run.output.split('\n').filter((l) => /^\s+(FAIL|WARN|SKIP|INFO)\s+[A-Z]+-\d{3}|^Items:|^tck check:|^Broken:|^Note:/.test(l))
  return `exit ${run.code} after ${run.seconds.toFixed(1)} s\n${lines.join('\n')}\n--- backend log (tail) ---\n${run.backendLog.slice(-1500)}`
}

const expectedOutcome = (id: string) => (checklistItem(id).severity === 'fail' ? 'FAIL' : 'WARN')

afterAll(async () => {
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? c.kill('SIGKILL') : undefined)))
  await Promise.all(tcks.map((t) => t.stop('SIGKILL')))
  await database?.drop().catch(() => {})
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  if (timings.length > 0) console.log(`corpus run times (lane wall time per variant):\n  ${timings.join('\n  ')}`)
})

// ---------------------------------------------------------------- the tests

describe.concurrent('tck check against the corpus of real-world-shaped backends (examples/corpus)', () => {
  beforeAll(async () => {
    if (CORPUS.some((b) => b.needs?.includes('postgres') && !skipReason(b))) database = await createPostgresDatabase(testEnv.databaseUrl!)
  }, 60_000)

  for (const backend of CORPUS) {
    const skip = skipReason(backend)
    describe.skipIf(skip !== undefined)(`${backend.name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
      const targeted = [...new Set(Object.values(backend.defects).flatMap((d) => d.items))]

      it(`faithful variant: 0 failed, and ${targeted.join(', ')} pass`, async () => {
        const run = await checkVariant(backend, [])
        expect(run.output, digest(run)).toMatch(/Items: \d+ passed, 0 failed/)
        expect(run.code, digest(run)).toBe(0)
        for (const id of targeted) expect(itemLine(run.output, id)?.outcome, `${id} on the faithful variant\n${digest(run)}`).toBe('PASS')
      }, 300_000)

      for (const [name, defect] of Object.entries(backend.defects) as [string, CorpusDefect][]) {
        it(`DEFECTS=${name} is reported by ${defect.items.map((id) => `${id} (${expectedOutcome(id)})`).join(', ')}`, async () => {
          const filter = [...defect.items, ...(defect.notFailing ?? [])].join('|')
          const run = await checkVariant(backend, [name], ['-t', filter, ...(defect.checkArgs ?? [])])
          for (const id of defect.items) {
            const line = itemLine(run.output, id)
            expect(line?.outcome, `${id} under DEFECTS=${name}\n${digest(run)}`).toBe(expectedOutcome(id))
            expect(line?.text, `${id}'s summary names what went wrong\n${digest(run)}`).toMatch(defect.names ?? NAMES_OPERATION)
          }
          for (const id of defect.notFailing ?? [])
            expect(itemLine(run.output, id)?.outcome, `${id} is not failed by DEFECTS=${name}\n${digest(run)}`).not.toBe('FAIL')
          expect(run.code, digest(run)).toBe(defect.items.some((id) => expectedOutcome(id) === 'FAIL') ? 1 : 0)
        }, 300_000)
      }
    })
  }
})
