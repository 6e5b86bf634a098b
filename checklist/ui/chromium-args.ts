/**
 * Flags for a headless Chromium in a container without a GPU, sandbox or outside network (this
 * project's CI, and a team's CI image running `tck ui --browser /usr/bin/chromium`). Playwright
 * itself launches Chromium without its sandbox by default (`chromiumSandbox: false`).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
] as const
