import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

/** Debian's Chromium: this network allows no browser downloads (`.ci/run` installs it with apt). */
export const CHROMIUM_PATH = '/usr/bin/chromium'

export { CHROMIUM_ARGS } from '../../checklist/ui/chromium-args.ts'

/** What to do when the browser is missing. */
export const CHROMIUM_MISSING = `Chromium not found at ${CHROMIUM_PATH}: install it with \`sudo apt-get install -y chromium\` to run the browser checks`

/**
 * Why browser checks cannot run here (no playwright-core, no Chromium), or `undefined` when they can.
 * Under CI=true it throws instead: `.ci/run` installs the browser, so a skip there would hide a broken install.
 */
export function browserSkipReason(ci: boolean): string | undefined {
  let reason: string | undefined
  try {
    createRequire(import.meta.url).resolve('playwright-core')
  } catch {
    reason = 'playwright-core is not installed (npm i -D playwright-core)'
  }
  if (!reason && !existsSync(CHROMIUM_PATH)) reason = CHROMIUM_MISSING
  if (reason && ci) throw new Error(`browser checks cannot run under CI=true: ${reason}`)
  return reason
}
