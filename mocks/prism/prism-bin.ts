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
  const manifestPath = prismManifestPath()
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> }
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.prism
  if (!bin) throw new Error(`${manifestPath} declares no "prism" bin`)
  return resolve(dirname(manifestPath), bin)
}

/** Version of the installed `@stoplight/prism-cli`, for messages. */
export function prismVersion(): string {
  const manifestPath = prismManifestPath()
  return (JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string }).version
}

/** Thrown when `@stoplight/prism-cli` is not installed: tasks-tck declares it an optional peer dependency. */
export class PrismMissingError extends Error {
  override name = 'PrismMissingError'
}

/**
 * `@stoplight/prism-cli`'s package.json. Prism is heavy and only `--engine prism`, `tck proxy`,
 * `tck check --target prism` and `--proxy` use it, so the installed package leaves it to the user.
 */
function prismManifestPath(): string {
  try {
    return createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error
    throw new PrismMissingError(
      'Prism is not installed: it is an optional peer dependency of tasks-tck. Install it beside tasks-tck with `npm i -D @stoplight/prism-cli@^5` and run the command again.',
    )
  }
}
