import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { findFreePort } from '../../shared/net/free-port.ts'

/** Debian's Python, where examples/fastapi-backend/install.sh puts FastAPI, uvicorn and PyJWT. */
export const PYTHON = '/usr/bin/python3'
/** The FastAPI example backend (uvicorn's --app-dir). */
export const APP_DIR = fileURLToPath(new URL('../../examples/fastapi-backend', import.meta.url))

/**
 * Starts the FastAPI example with `env` on a free port; `track` receives the child (for the caller's
 * afterAll). @returns its URL once uvicorn says it runs (at most 30 s), else rejects with its log.
 */
export async function startFastApiExample(env: Record<string, string>, track: (child: ChildProcess) => void): Promise<string> {
  const port = await findFreePort()
  const child = spawn(PYTHON, ['-m', 'uvicorn', 'app:app', '--app-dir', APP_DIR, '--host', '127.0.0.1', '--port', String(port)], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  track(child)
  let log = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`uvicorn did not start:\n${log}`)), 30_000)
    const onData = (chunk: Buffer) => {
      log += chunk
      if (log.includes('Uvicorn running')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`uvicorn exited ${code}:\n${log}`))
    })
  })
  return `http://127.0.0.1:${port}`
}
