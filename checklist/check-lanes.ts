import { basename } from 'node:path'
import { BaseSequencer, type Reporter, type TestModule, type TestSpecification } from 'vitest/node'
import type { CheckContext } from './check-context.ts'

// How `runChecklist` schedules the check files: which run side by side, in what order, and the
// progress lines, kept in name order whatever order the files end in.

/**
 * The key-handling file first (the longest, mostly waiting: beside the others it should start at
 * once), then name order: progress lines and reports list the files as CHECKLIST.md does.
 */
export class KeysFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const keys = (f: TestSpecification) => (basename(f.moduleId).startsWith(KEY_FILE) ? 0 : 1)
    return [...files].sort((a, b) => keys(a) - keys(b) || a.moduleId.localeCompare(b.moduleId))
  }
}

/**
 * The files whose items rotate the issuer key, take the issuer down and count JWKS fetches: they
 * disturb every other request to the same backend and issuer, and other requests disturb their counts.
 */
export const KEY_FILE = '09-jwks'

/**
 * A progress line per check file, so a run of tens of seconds shows it is alive; details come in the
 * summary. Files of both lanes end in any order: lines are held back to keep name order.
 */
export function progressReporter(out: NodeJS.WritableStream): Reporter {
  let order: string[] = []
  const lines = new Map<string, string>()
  return {
    onTestRunStart(specifications) {
      order = specifications.map((s) => s.moduleId).sort((a, b) => a.localeCompare(b))
    },
    onTestModuleEnd(module: TestModule) {
      const states = [...module.children.allTests()].map((t) => t.result().state)
      const count = (state: string) => states.filter((s) => s === state).length
      lines.set(
        module.moduleId,
        `  ${basename(module.moduleId)
          .replace(/\.check\.[jt]s$/, '')
          .padEnd(22)} ${states.length} checks: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped\n`,
      )
      while (order.length > 0 && lines.has(order[0]!)) out.write(lines.get(order.shift()!)!)
    },
    onTestRunEnd() {
      // A file that never ended (cancelled) holds no line back from those after it.
      for (const id of order.splice(0)) if (lines.has(id)) out.write(lines.get(id)!)
    },
  }
}

/** How the files run: see {@link lanePlan}. */
export interface LanePlan {
  /** Workers per lane: 2 when every file has its own users (their tasks cannot mix), else 1. */
  workers: number
  /** The context of the key-handling file when it has a backend and issuer of its own. */
  keysContext?: CheckContext
  /** Whether that file runs beside the others (its own backend) or after them (the same backend). */
  keysAlongside: boolean
}

/**
 * Two lanes: the key-handling file ({@link KEY_FILE}, ~4-6 s of waiting on cooldowns, a rotation
 * and an outage: measured) and the rest. They run side by side only when the key file has a twin
 * backend with its own issuer (in-process targets): a rotation, an outage or a refetch on one
 * backend never reaches the other. Against a backend by URL it runs after the rest, as before.
 */
export function lanePlan(context: CheckContext, maxWorkers?: number): LanePlan {
  const workers = context.usersPerFile ? (maxWorkers ?? 2) : 1
  const twin = context.keyTarget
  if (!twin) return { workers, keysAlongside: false }
  const keysContext: CheckContext = {
    ...context,
    baseUrl: twin.baseUrl,
    auth: { ...context.auth, issuerUrl: twin.issuerUrl, claims: { ...context.auth.claims, iss: twin.iss, aud: twin.aud } },
  }
  // Vitest runs projects of one group with one worker count; one worker would serialize them anyway.
  return { workers, keysContext, keysAlongside: workers > 1 }
}
