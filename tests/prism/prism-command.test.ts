import { describe, expect, it } from 'vitest'
import { runPrismMockCommand, runProxyCommand } from '../../cli/prism-command.ts'
import { capture, waitFor as waitForOutput } from '../support/capture-output.ts'

const waitFor = (predicate: () => boolean, timeoutMs = 30_000) => waitForOutput(predicate, timeoutMs)

describe('tck mock --engine prism / tck proxy', () => {
  it.each([
    ['mock', runPrismMockCommand, /^Usage: tck mock --engine prism/],
    ['proxy', runProxyCommand, /^Usage: tck proxy --target/],
  ] as const)('%s --help prints usage and returns 0', async (_name, run, usage) => {
    for (const flag of ['--help', '-h']) {
      const out = capture()
      expect(await run([flag], { stdout: out.stream })).toBe(0)
      expect(out.text()).toMatch(usage)
    }
  })

  it.each([
    [['--engine', 'msw']],
    [['--seed', '7']],
    [['--dynamic', '--seed', 'x']],
    [['--port', '70000']],
    [['--port', 'eighty']],
    [['--bogus']],
    [['positional']],
  ])('mock rejects %j with exit code 2 and usage on stderr', async (argv) => {
    const out = capture()
    const err = capture()
    expect(await runPrismMockCommand(argv, { stdout: out.stream, stderr: err.stream })).toBe(2)
    expect(err.text()).toMatch(/^tck mock: [\s\S]+\n\nUsage: tck mock/)
    expect(out.text()).toBe('')
  })

  it.each([
    [[]],
    [['--target', 'ftp://example.test']],
    [['--target', 'http://127.0.0.1:8000', '--port=-1']],
    [['--target', 'http://127.0.0.1:8000', '--port', '-1']],
    [['--target']],
  ])('proxy rejects %j with exit code 2 and usage on stderr', async (argv) => {
    const err = capture()
    expect(await runProxyCommand(argv, { stdout: capture().stream, stderr: err.stream })).toBe(2)
    expect(err.text()).toMatch(/^tck proxy: [\s\S]+\n\nUsage: tck proxy/)
  })

  it('mock serves until aborted, prints the URL and the Prefer examples, then closes Prism', async () => {
    const out = capture()
    const abort = new AbortController()
    const exit = runPrismMockCommand(['--port', '0'], { stdout: out.stream, stderr: out.stream, signal: abort.signal })
    try {
      await waitFor(() => out.text().includes('Ready.') || out.text().includes('cannot start'))
      const url = out.text().match(/listening on (http:\/\/\S+)/)![1]!
      expect(out.text()).toContain('Prefer: code=401, example=expiredToken')
      expect(out.text()).toMatch(/200 {2}listTasks: tasks, emptyList/)
      const res = await fetch(`${url}/api/u1/tasks`, { headers: { authorization: 'Bearer x', prefer: 'example=emptyList' } })
      expect(await res.json()).toEqual({ count: 0, data: [] })
      abort.abort()
      expect(await exit).toBe(0)
      expect(out.text()).toContain('tck mock stopped')
      await expect(fetch(`${url}/health`)).rejects.toThrow()
    } finally {
      abort.abort()
      await exit
    }
  }, 60_000)
})
