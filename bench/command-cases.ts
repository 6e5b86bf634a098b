import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CHECK_TARGETS, CHECK_URL_TARGETS, timeCheck, timeCheckUrl, timeSelfTest, timeStart, type CommandTiming } from './command-timings.ts'
import { givenFigure, recordedNpmTest } from './recorded-durations.ts'
import type { BenchResults } from './results.ts'
import { REPO_ROOT } from './spawn-child.ts'
import { summarize } from './stats.ts'

const log = (line: string) => process.stderr.write(`bench: ${line}\n`)

/** Last known figures of what the bench cannot run (`--npm-test-seconds`, `--ci-seconds`). */
export interface GivenFigures {
  npmTestSeconds?: string | undefined
  ciSeconds?: string | undefined
}

/**
 * The cases that time commands rather than load a server: `check`, `check-url`, `self-test`,
 * `contracts` and `start` (those in `selected`, `runs` times each but the self-test, once), and the
 * recorded `npm test` and `.ci/run` durations; written into `results`.
 */
export async function measureCommandCases(selected: ReadonlySet<string>, runs: number, results: BenchResults, given: GivenFigures): Promise<void> {
  if (selected.has('check')) {
    const times = new Map(CHECK_TARGETS.map((t) => [t, [] as { ms: number; ok: boolean }[]]))
    for (let run = 1; run <= runs; run++) {
      for (const target of CHECK_TARGETS) {
        const timing = await timeCheck(target)
        log(`tck check --target ${target} run ${run}/${runs}: ${(timing.ms / 1000).toFixed(1)} s${timing.ok ? '' : ' (FAILED)'}`)
        times.get(target)!.push(timing)
      }
    }
    for (const [target, timings] of times) {
      results.checks[target] = { ms: summarize(timings.map((t) => t.ms)), failures: timings.filter((t) => !t.ok).length }
    }
  }

  if (selected.has('check-url')) {
    const times = new Map(CHECK_URL_TARGETS.map((t) => [t, [] as CommandTiming[]]))
    for (let run = 1; run <= runs; run++) {
      for (const target of CHECK_URL_TARGETS) {
        const timing = await timeCheckUrl(target)
        log(`tck check --target <running ${target}> run ${run}/${runs}: ${(timing.ms / 1000).toFixed(1)} s${timing.ok ? '' : ' (FAILED)'}`)
        times.get(target)!.push(timing)
      }
    }
    results.checkUrls = {}
    for (const [target, timings] of times)
      results.checkUrls[target] = { ms: summarize(timings.map((t) => t.ms)), failures: timings.filter((t) => !t.ok).length }
  }

  if (selected.has('self-test')) {
    // One run: it takes minutes, and its spread matters less than its size against the target.
    const timing = await timeSelfTest()
    log(`tck check --self-test: ${(timing.ms / 1000).toFixed(1)} s${timing.ok ? '' : ' (FAILED)'}`)
    results.selfTest = { ms: summarize([timing.ms]), failures: timing.ok ? 0 : 1 }
  }

  if (selected.has('contracts')) {
    const scaling = await measureContracts(runs)
    if (scaling) results.contractScaling = scaling
    else log('bench/contract-scaling.ts is not there yet: contract scaling not measured')
  }

  if (selected.has('start')) {
    const starts = []
    for (let run = 1; run <= runs; run++) {
      const timing = await timeStart()
      log(
        `tck start run ${run}/${runs}: first ${(timing.first.ms / 1000).toFixed(1)} s, cold ${(timing.cold.ms / 1000).toFixed(1)} s, warm ${(timing.warm.ms / 1000).toFixed(1)} s`,
      )
      starts.push(timing)
    }
    results.start = {
      first: summarize(starts.map((s) => s.first.ms)),
      cold: summarize(starts.map((s) => s.cold.ms)),
      warm: summarize(starts.map((s) => s.warm.ms)),
      failures: starts.reduce((n, s) => n + [s.first, s.cold, s.warm].filter((t) => !t.ok).length, 0),
    }
  }

  const npmTest = recordedNpmTest(resolve(REPO_ROOT, 'reports')) ?? givenFigure(given.npmTestSeconds, '--npm-test-seconds')
  const ci = givenFigure(given.ciSeconds, '--ci-seconds')
  results.recorded = { ...(npmTest && { npmTest }), ...(ci && { ci }) }
}

/** bench/contract-scaling.ts's figures when that module exists (imported by path: it may not yet). */
async function measureContracts(runs: number): Promise<BenchResults['contractScaling']> {
  const file = resolve(REPO_ROOT, 'bench/contract-scaling.ts')
  if (!existsSync(file)) return undefined
  const module = (await import(pathToFileURL(file).href)) as {
    measureContractScaling(options: { runs: number; out?: NodeJS.WritableStream }): Promise<{ operations: number; seconds: number[] }[]>
  }
  const points = await module.measureContractScaling({ runs, out: process.stderr })
  return points.map((p) => ({ operations: p.operations, seconds: summarize(p.seconds) }))
}
