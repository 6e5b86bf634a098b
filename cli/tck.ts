// Each command's modules are imported when it runs: `tck serve` then loads the server alone, not the
// checklist's Vitest, MSW or Prism (measured: ~340 MiB RSS under load with everything loaded).

type Env = Record<string, string | undefined>
type Command = { summary: string; run: (argv: string[], env: Env) => Promise<number | undefined> }

const io = { stdout: process.stdout, stderr: process.stderr }

const COMMANDS: Record<string, Command> = {
  start: {
    summary: 'Better Auth + web app (3000) and the reference API (8000) on the embedded database (npm start)',
    run: async (argv, env) => (await import('./start-command.ts')).runStartCommand(argv, env, io),
  },
  serve: {
    summary: 'the reference Task API server, configured from the environment',
    run: async (argv, env) => (await import('./serve-command.ts')).runServeCommand(argv, env, io),
  },
  mock: {
    summary: "the stateful MSW mock over HTTP (--engine prism: Prism serving the contract's examples)",
    run: async (argv, env) =>
      engineOf(argv) === 'prism'
        ? (await import('./prism-command.ts')).runPrismMockCommand(argv, io)
        : (await import('./mock-command.ts')).runMockCommand(argv, env, io),
  },
  proxy: {
    summary: "Prism's validation proxy in front of a backend (--target URL)",
    run: async (argv) => (await import('./prism-command.ts')).runProxyCommand(argv, io),
  },
  check: {
    summary: 'the API checklist against the reference server or any backend by URL',
    run: async (argv) => (await import('./check-command.ts')).runCheckCommand(argv, io),
  },
  issuer: {
    summary: 'a simulated Better Auth JWT issuer (JWKS, tokens, key rotation)',
    run: async (argv, env) => (await import('./issuer-command.ts')).runIssuerCommand(argv, io, env),
  },
  web: {
    summary: 'the web app: --mock serves it on an in-page MSW mock, --build only builds',
    run: async (argv, env) => (await import('./web-command.ts')).runWebCommand(argv, io, env),
  },
  ui: {
    summary: 'the browser checklist (Playwright) against a running frontend (--url URL)',
    run: async (argv, env) => (await import('./ui-command.ts')).runUiCommand(argv, io, env),
  },
  init: {
    summary: 'writes tck.config.jsonc, the settings tck check reads (asks in a terminal, or from flags)',
    run: async (argv) => (await import('./init-command.ts')).runInitCommand(argv, io),
  },
  'msw-init': {
    summary: "copies MSW's mockServiceWorker.js into your frontend's public folder",
    run: async (argv) => (await import('./msw-init-command.ts')).runMswInitCommand(argv, io),
  },
}

/** `--engine NAME` or `--engine=NAME` of `tck mock` (default msw). */
function engineOf(argv: string[]): string {
  const i = argv.indexOf('--engine')
  return i >= 0 ? (argv[i + 1] ?? '') : (argv.find((a) => a.startsWith('--engine='))?.slice('--engine='.length) ?? 'msw')
}

export const USAGE = `Usage: tck <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

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
