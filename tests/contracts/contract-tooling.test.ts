import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CONTRACT = 'contracts/task-api.yaml'
const GENERATED = 'contracts/generated/task-api.ts'
const SPAWN_TIMEOUT_MS = 60_000

interface RunResult {
  code: number
  output: string
}

/** Runs `npx <args>` from the repository root and resolves with its exit code (never rejects on failure). */
function npx(args: string[]): Promise<RunResult> {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }
  return new Promise((resolve) => {
    execFile('npx', ['--no-install', ...args], { cwd: ROOT, env, timeout: SPAWN_TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, output: `${stdout}${stderr}` })
    })
  })
}

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(join(ROOT, path)))
    .digest('hex')

describe('contract tooling', () => {
  let dir: string
  let generatedHash: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tasks-tck-contract-'))
    generatedHash = await sha256(GENERATED)
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('passes redocly lint with the project config', { timeout: SPAWN_TIMEOUT_MS }, async () => {
    const result = await npx(['redocly', 'lint', CONTRACT, '--config', 'contracts/redocly.yaml'])
    expect(result.code, result.output).toBe(0)
  })

  it('has generated types in sync with the contract', { timeout: SPAWN_TIMEOUT_MS }, async () => {
    const result = await npx(['openapi-typescript', CONTRACT, '-o', GENERATED, '--check'])
    expect(result.code, result.output).toBe(0)
  })

  describe('drift check on temporary copies', () => {
    // The copy of the committed generated file is the `-o` target, so --check never touches the real one.
    async function checkCopy(name: string, edit: (doc: any) => void): Promise<RunResult> {
      const contract = join(dir, `${name}.yaml`)
      const generated = join(dir, `${name}.ts`)
      const doc = parse(await readFile(join(ROOT, CONTRACT), 'utf8'))
      edit(doc)
      await writeFile(contract, stringify(doc))
      await copyFile(join(ROOT, GENERATED), generated)
      return npx(['openapi-typescript', contract, '-o', generated, '--check'])
    }

    it('passes for an unchanged copy of the contract', { timeout: SPAWN_TIMEOUT_MS }, async () => {
      const result = await checkCopy('unchanged', () => {})
      expect(result.code, result.output).toBe(0)
    })

    it('fails when a schema changed but the types were not regenerated', { timeout: SPAWN_TIMEOUT_MS }, async () => {
      const result = await checkCopy('drifted', (doc) => {
        doc.components.schemas.Task.properties.priority = { type: 'integer' }
      })
      expect(result.code, result.output).not.toBe(0)
    })

    it('leaves the committed generated file untouched', async () => {
      expect(await sha256(GENERATED)).toBe(generatedHash)
    })
  })
})
