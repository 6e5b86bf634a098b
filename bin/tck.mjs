#!/usr/bin/env node
// Entry point of `npx tck`: the toolkit is TypeScript run through tsx, so no build step stands
// between a clone and a working command.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../cli/tck.ts')
const code = await main(process.argv.slice(2), process.env)
if (code !== undefined) process.exitCode = code
