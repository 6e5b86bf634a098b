import { spawn } from 'node:child_process'

/** A finished command: exit code, its two streams apart, and how long it took. */
export interface Ran {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

/**
 * Runs a command to its end (no shell), killed after `timeoutMs` (default 300,000). Rejects only
 * when it cannot start; the exit code is the caller's to judge. `env` default: this process's,
 * without colours.
 */
export function runCommand(command: string, args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Ran> {
  const started = Date.now()
  const env = options.env ?? { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, timeout: options.timeoutMs ?? 300_000 })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.once('error', fail)
    child.once('close', (code) => done({ code, stdout, stderr, ms: Date.now() - started }))
  })
}
