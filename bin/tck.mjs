#!/usr/bin/env node
// Entry point of `npx tck`. In a clone (cli/tck.ts is there) the TypeScript source runs through tsx,
// so no build step stands between an edit and a working command; the installed package has no
// source and no tsx, and runs the compiled dist/ that `npm run build` (prepack) made.
import { existsSync } from 'node:fs'

const source = new URL('../cli/tck.ts', import.meta.url)
let entry = new URL('../dist/cli/tck.js', import.meta.url)
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api')
  register()
  entry = source
}
const { main } = await import(entry.href)
const code = await main(process.argv.slice(2), process.env)
if (code !== undefined) process.exitCode = code
