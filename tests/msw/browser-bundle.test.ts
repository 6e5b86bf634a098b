/**
 * `tasks-tck/msw/browser` and `tasks-tck/client` must bundle with PLAIN esbuild (platform browser,
 * ESM, no plugins, no stubs), as a frontend's bundler would take them. esbuild fails on any Node
 * built-in in the import graph, so this is the check that keeps node:crypto, node:fs and friends
 * out of the browser entries (the shell equivalent:
 * `npx esbuild mocks/msw/browser.ts --bundle --platform=browser --format=esm --outfile=…`).
 */
import { describe, expect, it } from 'vitest'

type BundleResult = { ok: true; inputs: string[]; text: string } | { ok: false; errors: string[] }

async function bundleForBrowser(entry: string): Promise<BundleResult> {
  const { build } = await import('esbuild')
  try {
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' })
    return { ok: true, inputs: Object.keys(result.metafile.inputs), text: result.outputFiles.map((file) => file.text).join('\n') }
  } catch (error) {
    return { ok: false, errors: ((error as { errors?: { text: string }[] }).errors ?? []).map((e) => e.text) }
  }
}

/** `import … from "node:x"`, `import("node:x")`, `require("node:x")` left in the output. */
// Statements only: esbuild starts them at column 0 (the bundled docs of graphql quote `import … 'node:assert'`).
const NODE_IMPORT = /^(?:import|export)\b[^\n]*\bfrom\s*["']node:|^import\s*["']node:|\b(?:import|require)\(\s*["']node:/m

/** Asserts a plain browser bundle of `entry` succeeded with no Node built-in in or out; returns its inputs. */
async function expectBrowserSafe(entry: string): Promise<string[]> {
  const result = await bundleForBrowser(entry)
  if (!result.ok) throw new Error(`${entry} does not bundle for the browser:\n${result.errors.join('\n')}`)
  expect(result.inputs.filter((input) => input.startsWith('node:'))).toEqual([])
  expect(result.text).not.toMatch(NODE_IMPORT)
  return result.inputs
}

describe('browser entries bundle with plain esbuild', () => {
  it('tasks-tck/msw/browser (mocks/msw/browser.ts) carries its own contract, validator and issuer', async () => {
    const inputs = await expectBrowserSafe('mocks/msw/browser.ts')
    expect(inputs).toEqual(
      expect.arrayContaining([
        'mocks/msw/create-mock-handlers.ts',
        'contracts/generated/task-api-document.ts',
        'contracts/contract-validator.ts',
        'mocks/issuer/simulated-issuer.ts',
      ]),
    )
    // The Node halves stay out: the YAML loader, the key file, the issuer's HTTP server.
    for (const nodeOnly of ['contracts/load-contract.ts', 'contracts/contract-schemas.ts', 'mocks/issuer/key-store.ts', 'mocks/issuer/create-issuer.ts']) {
      expect(inputs, nodeOnly).not.toContain(nodeOnly)
    }
  })

  it('tasks-tck/client (web/api-client/index.ts)', async () => {
    await expectBrowserSafe('web/api-client/index.ts')
  })

  it('the mock mode of the web app (web/app/mock/start-mock-worker.ts)', async () => {
    await expectBrowserSafe('web/app/mock/start-mock-worker.ts')
  })

  it('the check has teeth: the Node entry (HTTP server, command) does not bundle for the browser', async () => {
    const result = await bundleForBrowser('mocks/msw/index.ts')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors.join('\n')).toMatch(/node:/)
  })
}, 120_000)
