import { describe, expect, it } from 'vitest'
import { ChildWaitError, spawnChild } from '../../shared/process/spawn-child.ts'

/** `node -e script`: a child as small as a child can be. */
const node = (script: string, options: Parameters<typeof spawnChild>[2] = {}) => spawnChild(process.execPath, ['-e', script], options)

describe('spawnChild', () => {
  it('waits for a ready line on stdout or stderr, keeps the output and resolves the exit code', async () => {
    const child = node(`console.error('booting'); setTimeout(() => console.log('Ready on 42'), 50)`)
    const [, port] = await child.waitFor(/Ready on (\d+)/)
    expect(port).toBe('42')
    expect(await child.exited).toBe(0)
    expect(child.output()).toBe('booting\nReady on 42\n')
  })

  it('keeps only the latest outputLimit characters, after transform, and passes every chunk to onOutput', async () => {
    const seen: string[] = []
    const child = node(`process.stdout.write('\\x1b[31mred\\x1b[0m ' + 'x'.repeat(100) + ' end')`, {
      outputLimit: 10,
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes (ESC)
      transform: (text) => text.replace(/\x1b\[[0-9;]*m/g, ''),
      onOutput: (text) => seen.push(text),
    })
    await child.exited
    expect(child.output()).toBe('xxxxxx end')
    expect(seen.join('')).toBe(`red ${'x'.repeat(100)} end`)
  })

  it('rejects waitFor with the reason when the child exits first, or the time runs out', async () => {
    const quitter = node(`console.log('bye'); process.exit(3)`)
    const exited = await quitter.waitFor(/never/).catch((error: unknown) => error)
    expect(exited).toBeInstanceOf(ChildWaitError)
    expect(exited).toMatchObject({ reason: 'exited', exit: 3 })
    expect((exited as Error).message).toMatch(/^process exited before \/never\/:\nbye/)

    const sleeper = node(`setTimeout(() => {}, 60_000)`)
    await expect(sleeper.waitFor(/never/, 100)).rejects.toMatchObject({ reason: 'timeout', message: expect.stringMatching(/^timed out waiting for \/never\//) })
    expect(await sleeper.stop()).toBe(null)
  })

  it('rejects waitFor with the spawn error when the command does not exist', async () => {
    const missing = spawnChild('/nonexistent/tck-no-such-command', [])
    await expect(missing.waitFor(/x/)).rejects.toMatchObject({ code: 'ENOENT' })
    // `exited` settles (Node reports the negative errno as the code) and stop() does not hang.
    expect(await missing.exited).toBe(missing.child.exitCode)
    expect(await missing.stop()).toBe(missing.child.exitCode)
  })

  it('stops with SIGTERM, and with SIGKILL after graceMs when SIGTERM is ignored', async () => {
    const polite = node(`process.on('SIGTERM', () => process.exit(7)); console.log('up'); setTimeout(() => {}, 60_000)`)
    await polite.waitFor(/up/)
    expect(await polite.stop()).toBe(7)

    const stubborn = node(`process.on('SIGTERM', () => {}); console.log('up'); setTimeout(() => {}, 60_000)`)
    await stubborn.waitFor(/up/)
    const started = Date.now()
    expect(await stubborn.stop(200)).toBe(null)
    expect(stubborn.child.signalCode).toBe('SIGKILL')
    expect(Date.now() - started).toBeLessThan(5_000)
    // Stopping an ended child is a no-op that still answers.
    expect(await stubborn.stop()).toBe(null)
  })
})
