import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'

/**
 * Absolute path of the Prism CLI's JavaScript entry point (`@stoplight/prism-cli`'s `bin`).
 * Run it as `process.execPath <bin>` rather than through `node_modules/.bin/prism`: no shell, no
 * npx, and the same Node binary as the caller on every platform.
 * @throws when the package is not installed or declares no `prism` bin.
 */
export function resolvePrismBin(): string {
  const require = createRequire(import.meta.url)
  const manifestPath = require.resolve('@stoplight/prism-cli/package.json')
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> }
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.prism
  if (!bin) throw new Error(`${manifestPath} declares no "prism" bin`)
  return resolve(dirname(manifestPath), bin)
}

/** Version of the installed `@stoplight/prism-cli`, for messages. */
export function prismVersion(): string {
  const require = createRequire(import.meta.url)
  const manifestPath = require.resolve('@stoplight/prism-cli/package.json')
  return (JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string }).version
}
