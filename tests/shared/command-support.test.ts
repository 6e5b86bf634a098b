import { describe, expect, it } from 'vitest'
import { parseCommandArgs, parsePort, UsageError } from '../../shared/cli/command-support.ts'
import { capture } from '../support/capture-output.ts'

const OPTIONS = { port: { type: 'string', default: '8000' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const

function parse(argv: string[], prefix?: string) {
  const stdout = capture()
  const stderr = capture()
  const parsed = parseCommandArgs(argv, OPTIONS, {
    usage: 'Usage: tck demo\n',
    ...(prefix && { prefix }),
    io: { stdout: stdout.stream, stderr: stderr.stream },
  })
  return { parsed, out: stdout.text(), err: stderr.text() }
}

describe('parseCommandArgs', () => {
  it('returns the values, defaults filled in', () => {
    const { parsed, out, err } = parse(['--verbose'])
    expect(parsed).toEqual({ values: { port: '8000', verbose: true } })
    expect(out + err).toBe('')
  })

  it('prints the usage for --help or -h and gives exit code 0', () => {
    for (const flag of ['--help', '-h']) {
      expect(parse([flag])).toEqual({ parsed: { exitCode: 0 }, out: 'Usage: tck demo\n', err: '' })
    }
  })

  it('prints the parse error, a blank line and the usage for an unknown option or a positional, and gives exit code 2', () => {
    const unknown = parse(['--nope'], 'tck demo: ')
    expect(unknown.parsed).toEqual({ exitCode: 2 })
    expect(unknown.err).toMatch(/^tck demo: Unknown option '--nope'.*\n\nUsage: tck demo\n$/s)
    expect(unknown.out).toBe('')
    const positional = parse(['extra'])
    expect(positional.parsed).toEqual({ exitCode: 2 })
    expect(positional.err).toMatch(/^Unexpected argument 'extra'.*\n\nUsage: tck demo\n$/s)
  })
})

describe('parsePort', () => {
  it.each(['0', '80', '65535'])('accepts %s', (value) => {
    expect(parsePort(value)).toBe(Number(value))
  })

  it.each(['', '-1', '65536', '1e3', '0x50', ' 80', 'eighty'])('refuses %j with a UsageError', (value) => {
    expect(() => parsePort(value)).toThrow(new UsageError('--port must be an integer 0-65535'))
  })
})
