import { describe, expect, it } from 'vitest'

/**
 * The handlers must run under `setupWorker` too. esbuild (already installed, through tsx and vite)
 * bundles an entry for the browser and fails on any Node built-in in its import graph, so this is
 * the check that keeps node:crypto, node:fs and friends out of the shared modules.
 */
async function bundleForBrowser(entry: string): Promise<{ ok: true; inputs: string[] } | { ok: false; errors: string[] }> {
  const { build } = await import('esbuild')
  try {
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' })
    return { ok: true, inputs: Object.keys(result.metafile.inputs) }
  } catch (error) {
    return { ok: false, errors: ((error as { errors?: { text: string }[] }).errors ?? []).map((e) => e.text) }
  }
}

describe('browser safety of the MSW mocks', () => {
  it('mocks/msw/browser.ts bundles for the browser: no Node built-in anywhere in its graph', async () => {
    const result = await bundleForBrowser('mocks/msw/browser.ts')
    expect(result).toMatchObject({ ok: true })
    if (result.ok) {
      expect(result.inputs.filter((input) => input.startsWith('node:'))).toEqual([])
      expect(result.inputs).toContain('mocks/msw/create-mock-handlers.ts')
    }
  })

  it('the check has teeth: the Node entry (HTTP server, command) does not bundle for the browser', async () => {
    const result = await bundleForBrowser('mocks/msw/index.ts')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors.join('\n')).toMatch(/node:/)
  })
}, 60_000)
