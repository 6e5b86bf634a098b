import { fileURLToPath } from 'node:url'
import { spawnChild, type Child } from '../shared/process/spawn-child.ts'

/** Repository root: every child runs from here, as a user would run `node bin/tck.mjs`. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))

/** A child process of the bench whose stdout+stderr are collected (the latest 1,000,000 characters). */
export interface BenchChild extends Child {
  readonly pid: number
}

/**
 * Spawns `node ...args` with `env` (PATH and HOME added, nothing else inherited, so a DATABASE_URL
 * or LOG_LEVEL of the caller's shell cannot leak into a measurement).
 */
export function spawnNode(args: string[], env: Record<string, string | undefined>): BenchChild {
  const child = spawnChild(process.execPath, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } })
  // Node itself always spawns, so a pid is there (the bench reads its RSS and CPU time by pid).
  return child as BenchChild
}

/** Elapsed milliseconds since `start` (a `performance.now()` value). */
export const elapsedMs = (start: number) => performance.now() - start
