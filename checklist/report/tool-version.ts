import { readFileSync } from 'node:fs'

/** The package's version, from the nearest package.json named `tasks-tck` (source tree or installed dist/). */
export function toolVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'tasks-tck' && pkg.version) return pkg.version
    } catch {}
  }
  return 'unknown'
}
