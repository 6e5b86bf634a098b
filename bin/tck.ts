import { runIssuerCommand } from '../mocks/issuer/issuer-command.ts'
import { runServeCommand } from '../reference-server/serve-command.ts'
import { runCheckCommand } from '../tests/checklist/check-command.ts'
import { runPrismMockCommand, runProxyCommand } from '../mocks/prism/index.ts'
import { runMockCommand } from '../mocks/msw/mock-command.ts'

type Env = Record<string, string | undefined>
type Command = { summary: string; run: (argv: string[], env: Env) => Promise<number | undefined> }

const io = { stdout: process.stdout, stderr: process.stderr }

const COMMANDS: Record<string, Command> = {
  start: { summary: 'Better Auth + web app (3000) and the reference API (8000) on the embedded database (npm start)', run: async (argv, env) => (await import('./start-command.ts')).runStartCommand(argv, env, io) },
  serve: { summary: 'the reference Task API server, configured from the environment', run: (argv, env) => runServeCommand(argv, env, io) },
  mock: {
    summary: 'the stateful MSW mock over HTTP (--engine prism: Prism serving the contract\'s examples)',
    run: (argv, env) => (engineOf(argv) === 'prism' ? runPrismMockCommand(argv, io) : runMockCommand(argv, env, io)),
  },
  proxy: { summary: "Prism's validation proxy in front of a backend (--target URL)", run: (argv) => runProxyCommand(argv, io) },
  check: { summary: 'the API checklist against the reference server or any backend by URL', run: (argv) => runCheckCommand(argv, io) },
  issuer: { summary: 'a simulated Better Auth JWT issuer (JWKS, tokens, key rotation)', run: (argv) => runIssuerCommand(argv, io) },
  web: { summary: 'the web app: --mock serves it on an in-page MSW mock, --build only builds', run: async (argv) => (await import('../web/app/web-command.ts')).runWebCommand(argv, io) },
}

/** `--engine NAME` or `--engine=NAME` of `tck mock` (default msw). */
function engineOf(argv: string[]): string {
  const i = argv.indexOf('--engine')
  return i >= 0 ? argv[i + 1] ?? '' : argv.find((a) => a.startsWith('--engine='))?.slice('--engine='.length) ?? 'msw'
}

export const USAGE = `Usage: tck <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`).join('\n')}

Run \`tck <command> --help\` for a command's options.
`

/** Dispatches `tck <command>`. @returns the exit code, or undefined while a server keeps running. */
export async function main(argv: string[], env: Env): Promise<number | undefined> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE)
    return name ? 0 : 2
  }
  const command = COMMANDS[name]
  if (!command) {
    process.stderr.write(`tck: unknown command "${name}"\n\n${USAGE}`)
    return 2
  }
  return command.run(rest, env)
}
