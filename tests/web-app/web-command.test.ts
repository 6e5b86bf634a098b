/** `tck web` (cli/web-command.ts): build only, or build the mock app and serve it. */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runWebCommand } from '../../cli/web-command.ts'

function capture() {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const text = { out: '', err: '' }
  stdout.on('data', (chunk: Buffer) => (text.out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => (text.err += chunk.toString()))
  return { stdout, stderr, text }
}

describe('tck web', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tck-web-command-'))
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('refuses to guess a mode, and explains the options', async () => {
    const io = capture()
    expect(await runWebCommand([], io)).toBe(2)
    expect(io.text.err).toMatch(/--mock[\s\S]*--build/)
    expect(await runWebCommand(['--mock', '--port', 'x'], io)).toBe(2)
    expect(await runWebCommand(['--help'], io)).toBe(0)
    expect(io.text.out).toContain('Usage: tck web')
  })

  it('--build --mock only builds, into --out', async () => {
    const io = capture()
    expect(await runWebCommand(['--build', '--mock', '--out', join(dir, 'built')], io)).toBe(0)
    for (const file of ['index.html', 'app-config.js', 'mockServiceWorker.js', 'assets/main.js']) {
      expect(existsSync(join(dir, 'built', file)), file).toBe(true)
    }
    expect(io.text.out).toMatch(/Built the mock web app/)
  })

  it('--mock serves the app with deep links until stopped', async () => {
    const io = capture()
    const controller = new AbortController()
    const done = runWebCommand(['--mock', '--port', '0', '--out', join(dir, 'served')], { ...io, signal: controller.signal })
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /Evo-TODO \(mock\) at (\S+)\//.exec(io.text.out)
        if (match) {
          clearInterval(timer)
          resolve(match[1]!)
        }
      }, 50)
      done.catch(reject)
    })
    const page = await fetch(`${url}/tasks/some-id`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('/assets/main.js')
    expect((await fetch(`${url}/app-config.js`)).status).toBe(200)
    expect((await fetch(`${url}/mockServiceWorker.js`)).status).toBe(200)
    controller.abort()
    expect(await done).toBe(0)
    await expect(fetch(`${url}/`)).rejects.toThrow()
  })
})
