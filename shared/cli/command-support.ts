import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Streams and stop signal of a command (`tck <command>`); a command that makes them optional uses the process's. */
export interface CommandIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** Aborting stops the command like SIGTERM does (for tests and embedding). */
  signal?: AbortSignal
}

/** Thrown for bad command-line input; the command prints it with its usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * Parses a `--port` value: an integer 0-65535 (0 = any free port).
 * @throws UsageError otherwise.
 */
export function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError('--port must be an integer 0-65535')
  return port
}

/** The option table of a command: node:util `parseArgs` options, with a boolean `help`. */
type CommandOptions = NonNullable<ParseArgsConfig['options']> & { help: { type: 'boolean' } }

/** What `parseArgs` gives for the option table `O` (strict, no positionals). */
export type CommandValues<O extends CommandOptions> = ReturnType<typeof parseArgs<{ args: string[]; options: O }>>['values']

/** How a command answers `--help` and a malformed command line. */
export interface CommandUsage {
  /** The usage text, printed by `--help` (stdout) and after a parse error (stderr). */
  usage: string
  /** Put before a parse error's message, e.g. `tck mock: `. Default none. */
  prefix?: string
  io: Pick<CommandIo, 'stdout' | 'stderr'>
}

/**
 * Parses `argv` against `options` (strict: an unknown option or a positional is an error). A parse
 * error is written to stderr as `<prefix><message>`, a blank line and the usage → `{ exitCode: 2 }`;
 * `--help` writes the usage to stdout → `{ exitCode: 0 }`; otherwise `{ values }`.
 */
export function parseCommandArgs<const O extends CommandOptions>(
  argv: string[],
  options: O,
  command: CommandUsage,
): { values: CommandValues<O> } | { exitCode: number } {
  let values: CommandValues<O>
  try {
    values = parseArgs({ args: argv, options }).values
  } catch (error) {
    command.io.stderr.write(`${command.prefix ?? ''}${(error as Error).message}\n\n${command.usage}`)
    return { exitCode: 2 }
  }
  if ((values as { help?: boolean }).help) {
    command.io.stdout.write(command.usage)
    return { exitCode: 0 }
  }
  return { values }
}
