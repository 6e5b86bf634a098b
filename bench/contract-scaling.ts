import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { prepareCheck, readyCheck } from '../checklist/prepare-check.ts'
import { runChecklist } from '../checklist/run-checklist.ts'
import { listOperations } from '../contracts/contract-operations.ts'
import { loadContract, type OpenApiDocument } from '../contracts/load-contract.ts'

/** Operation counts measured: the six task operations of the contract, copied 1, 4 and 16 times. */
export const CONTRACT_SIZES = [6, 24, 96] as const

/** The task operations per copy (list, create, get, update, delete, toggle). */
const TASK_OPERATIONS = 6

/** Paths of the task operations; the health probes are left out, so a variant has exactly 6 × k operations. */
const TASK_PATH = /^\/api\/\{user_id\}\/tasks/

/**
 * The contract with its six task operations copied under `operations / 6` path prefixes: copy 1 is
 * the contract's own (`/api/{user_id}/tasks`, `listTasks`), copy k is `/api/c<k>/{user_id}/tasks`
 * with operationIds suffixed `C<k>` (unique, as OpenAPI requires). Components stay shared.
 * @throws RangeError when `operations` is not a positive multiple of 6.
 */
export function contractVariant(operations: number, doc: OpenApiDocument = loadContract()): OpenApiDocument {
  if (!Number.isInteger(operations) || operations <= 0 || operations % TASK_OPERATIONS !== 0)
    throw new RangeError(`operations must be a positive multiple of ${TASK_OPERATIONS}, got ${operations}`)
  const paths: Record<string, unknown> = {}
  for (let copy = 1; copy <= operations / TASK_OPERATIONS; copy++) {
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      if (!TASK_PATH.test(path)) continue
      const copied = structuredClone(item) as Record<string, { operationId?: string }>
      if (copy > 1) for (const op of Object.values(copied)) if (op && typeof op.operationId === 'string') op.operationId += `C${copy}`
      paths[copy === 1 ? path : path.replace(/^\/api\//, `/api/c${copy}/`)] = copied
    }
  }
  return { ...doc, paths } as OpenApiDocument
}

/** Writes one variant per size into `dir` as `task-api-<n>.yaml`. @returns the files, in `sizes` order. */
export function writeContractVariants(dir: string, sizes: readonly number[] = CONTRACT_SIZES): string[] {
  return sizes.map((n) => {
    const file = join(dir, `task-api-${n}.yaml`)
    writeFileSync(file, stringify(contractVariant(n)))
    return file
  })
}

/** Options of {@link measureContractScaling}. */
export interface ContractScalingOptions {
  /** Checklist runs per contract size (each timed on its own). */
  runs: number
  /** Progress and the growth line; default none. */
  out?: NodeJS.WritableStream
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

/**
 * The checklist's run time, in seconds, for contracts of 6, 24 and 96 operations: each variant
 * (see {@link contractVariant}) served by Prism — the target that serves any document — and the
 * checks iterating its operations. Timed: `runChecklist` only (Prism's start and the preflight are
 * once per size, not part of the checklist's cost). The growth should be at most linear: 16 times
 * the operations, at most 16 times the time (fixed costs make it far less).
 */
export async function measureContractScaling(options: ContractScalingOptions): Promise<Array<{ operations: number; seconds: number[] }>> {
  const dir = mkdtempSync(join(tmpdir(), 'tck-contract-scaling-'))
  const results: { operations: number; seconds: number[] }[] = []
  try {
    const files = writeContractVariants(dir)
    for (const [i, operations] of CONTRACT_SIZES.entries()) {
      const closers: (() => Promise<void>)[] = []
      try {
        const context = await readyCheck(await prepareCheck({ target: 'prism', contract: files[i]! }, () => {}, closers), () => {})
        const seconds: number[] = []
        for (let run = 0; run < options.runs; run++) {
          const start = performance.now()
          await runChecklist({ context, console: 'silent' })
          seconds.push((performance.now() - start) / 1000)
        }
        results.push({ operations, seconds })
        options.out?.write(`contract scaling: ${operations} operations, checklist ${median(seconds).toFixed(2)} s (median of ${seconds.length})\n`)
      } finally {
        for (const close of closers.reverse()) await close().catch(() => {})
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const first = results[0]!
  const last = results.at(-1)!
  options.out?.write(
    `contract scaling: ×${(last.operations / first.operations).toFixed(0)} operations took ×${(median(last.seconds) / median(first.seconds)).toFixed(2)} the time (linear: ×${(last.operations / first.operations).toFixed(0)})\n`,
  )
  return results
}

/** Operation count of a contract document (what the checks iterate). */
export const operationCount = (doc: OpenApiDocument) => listOperations(doc).length
