import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The layer rules (.dependency-cruiser.cjs, ARCHITECTURE.md) run on a tiny fixture tree laid out
 * like the repo: every allowed arrow passes, and each forbidden arrow is caught by exactly the
 * rules named for it. So a rule that stops firing (a typo in a path, a dependency-cruiser upgrade
 * reading an option differently) fails here, not silently in CI.
 */

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const DEPCRUISE = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')

/** Fixture files: path → source. One line an import, as the real code writes them (`.ts` extensions, type-only imports). */
const FILES: Record<string, string> = {
  // Allowed arrows, floor by floor.
  'contracts/contract.ts': `export const contract = 1\n`,
  'shared/helper.ts': `import { contract } from '../contracts/contract.ts'\nexport const helper = contract\n`,
  'shared/node-helper.ts': `import { createServer } from 'node:http'\nexport const serve = createServer\n`,
  'shared/auth/policy.ts': `import { helper } from '../helper.ts'\nexport const policy = helper\n`,
  'mocks/mock.ts': `import { helper } from '../shared/helper.ts'\nimport { policy } from '../shared/auth/policy.ts'\nexport const mock = helper + policy\n`,
  'reference-server/server.ts': `import { helper } from '../shared/helper.ts'\nimport { serve } from '../shared/node-helper.ts'\nexport const server = helper\nexport type Server = typeof serve\n`,
  'web/api-client/client.ts': `import { contract } from '../../contracts/contract.ts'\nimport { policy } from '../../shared/auth/policy.ts'\nexport const client = contract + policy\n`,
  'web/app/app.ts': `import { mock } from '../../mocks/mock.ts'\nimport { client } from '../api-client/client.ts'\nexport const app = mock + client\n`,
  'web/web-stack/stack.ts': `import { server } from '../../reference-server/server.ts'\nimport { app } from '../app/app.ts'\nexport const stack = server + app\n`,
  'checklist/checklist.ts': `import { stack } from '../web/web-stack/stack.ts'\nimport { mock } from '../mocks/mock.ts'\nexport const checklist = stack + mock\n`,
  'cli/command.ts': `import { checklist } from '../checklist/checklist.ts'\nexport const command = checklist\n`,
  'bin/entry.mjs': `import { command } from '../cli/command.ts'\nconsole.log(command)\n`,
  'bench/bench.ts': `import { command } from '../cli/command.ts'\nimport { server } from '../reference-server/server.ts'\nexport const bench = command + server\n`,
  'examples/backend.ts': `import { contract } from '../contracts/contract.ts'\nimport { helper } from '../shared/helper.ts'\nexport const backend = contract + helper\n`,
  'scripts/build.ts': `import { command } from '../cli/command.ts'\nimport { app } from '../web/app/app.ts'\nexport const built = command + app\n`,
  'tests/support/helper.ts': `export const testHelper = 1\n`,
  'tests/all.test.ts': `import { bench } from '../bench/bench.ts'\nimport { command } from '../cli/command.ts'\nimport { testHelper } from './support/helper.ts'\nexport const all = bench + command + testHelper\n`,

  // Forbidden arrows: each file breaks the rules listed in EXPECTED.
  'contracts/bad.ts': `import { helper } from '../shared/helper.ts'\nexport const bad = helper\n`,
  'shared/bad.ts': `import { mock } from '../mocks/mock.ts'\nexport const bad = mock\n`,
  'mocks/bad.ts': `import { server } from '../reference-server/server.ts'\nexport const bad = server\n`,
  'mocks/bad-type.ts': `import type { Server } from '../reference-server/server.ts'\nexport type Bad = Server\n`,
  'reference-server/bad.ts': `import { mock } from '../mocks/mock.ts'\nexport const bad = mock\n`,
  'web/api-client/bad.ts': `import { app } from '../app/app.ts'\nexport const bad = app\n`,
  'web/app/bad.ts': `import { server } from '../../reference-server/server.ts'\nexport const bad = server\n`,
  'web/app/bad-up.ts': `import { checklist } from '../../checklist/checklist.ts'\nexport const bad = checklist\n`,
  'checklist/bad.ts': `import { command } from '../cli/command.ts'\nexport const bad = command\n`,
  'cli/bad.ts': `import { bench } from '../bench/bench.ts'\nexport const bad = bench\n`,
  'cli/broken.ts': `import { gone } from './moved-away.ts'\nexport const bad = gone\n`,
  'bin/bad.mjs': `import { helper } from '../shared/helper.ts'\nconsole.log(helper)\n`,
  'examples/bad.ts': `import { mock } from '../mocks/mock.ts'\nexport const bad = mock\n`,
  'action/ok.mjs': `import { spawnSync } from 'node:child_process'\nexport const ok = spawnSync\n`,
  'action/bad.mjs': `import { helper } from '../shared/helper.ts'\nconsole.log(helper)\n`,
  'bench/bad.ts': `import { testHelper } from '../tests/support/helper.ts'\nexport const bad = testHelper\n`,
  'scripts/bad.ts': `import { bench } from '../bench/bench.ts'\nexport const bad = bench\n`,
  'tests/bad-script.test.ts': `import { built } from '../scripts/build.ts'\nexport const bad = built\n`,
  'shared/auth/bad.ts': `import { serve } from '../node-helper.ts'\nexport const bad = serve\n`,
  // Unprefixed, and not in any hand-written list: caught through Node's own list of built-ins.
  'web/api-client/bad-node.ts': `import { createSocket } from 'dgram'\nexport const bad = createSocket\n`,
  'web/app/mock/bad.ts': `import { server } from '../../../reference-server/server.ts'\nexport const bad = server\n`,
  'shared/cycle-a.ts': `import { b } from './cycle-b.ts'\nexport const a = () => b\n`,
  'shared/cycle-b.ts': `import { a } from './cycle-a.ts'\nexport const b = () => a\n`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true, allowJs: true },
  }),
}

/** `rule: from → to`, one line a violation. */
const EXPECTED = [
  'contracts-import-nothing: contracts/bad.ts → shared/helper.ts',
  'shared-imports-contracts-only: shared/bad.ts → mocks/mock.ts',
  'mocks-stay-below: mocks/bad.ts → reference-server/server.ts',
  'mocks-stay-below: mocks/bad-type.ts → reference-server/server.ts',
  'reference-server-stays-below: reference-server/bad.ts → mocks/mock.ts',
  'api-client-imports-contracts-shared-only: web/api-client/bad.ts → web/app/app.ts',
  'only-web-stack-starts-the-server: web/app/bad.ts → reference-server/server.ts',
  'web-stays-below: web/app/bad-up.ts → checklist/checklist.ts',
  'checklist-stays-below: checklist/bad.ts → cli/command.ts',
  'cli-stays-below: cli/bad.ts → bench/bench.ts',
  'only-tests-import-bench: cli/bad.ts → bench/bench.ts',
  'not-to-unresolvable: cli/broken.ts → ./moved-away.ts',
  'bin-starts-cli-only: bin/bad.mjs → shared/helper.ts',
  'examples-use-contracts-shared-only: examples/bad.ts → mocks/mock.ts',
  'action-stands-alone: action/bad.mjs → shared/helper.ts',
  'bench-uses-product-not-tests: bench/bad.ts → tests/support/helper.ts',
  'nothing-imports-tests: bench/bad.ts → tests/support/helper.ts',
  'scripts-build-the-product: scripts/bad.ts → bench/bench.ts',
  'only-tests-import-bench: scripts/bad.ts → bench/bench.ts',
  'nothing-imports-scripts: tests/bad-script.test.ts → scripts/build.ts',
  // dependency-cruiser names a built-in without its `node:` prefix, and a cycle once, from where it was entered.
  'browser-safe-stays-off-node: shared/auth/bad.ts → http',
  'browser-safe-stays-off-node: web/app/mock/bad.ts → http',
  'browser-safe-stays-off-node: web/api-client/bad-node.ts → dgram',
  'only-web-stack-starts-the-server: web/app/mock/bad.ts → reference-server/server.ts',
  'no-circular: shared/cycle-a.ts → shared/cycle-b.ts',
].sort()

interface Violation {
  from: string
  to: string
  rule: { name: string }
}

let fixture: string
let result: { violations: string[]; exitCode: number }

beforeAll(async () => {
  fixture = mkdtempSync(join(tmpdir(), 'tck-depcruise-'))
  for (const [path, source] of Object.entries(FILES)) {
    mkdirSync(dirname(join(fixture, path)), { recursive: true })
    writeFileSync(join(fixture, path), source)
  }
  // The JSON report lists the violations; the `err` reporter (what `npm run lint:deps` prints) sets the exit code.
  const [json, err] = await Promise.all([depcruise('json'), depcruise('err')])
  const report = JSON.parse(json.stdout) as { summary: { violations: Violation[] } }
  result = { violations: report.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort(), exitCode: err.exitCode }
}, 90_000)

/** Runs dependency-cruiser with the repo's rules on the fixture. @returns its stdout and exit code. */
function depcruise(outputType: 'json' | 'err'): Promise<{ stdout: string; exitCode: number }> {
  const args = [DEPCRUISE, '--config', join(REPO, '.dependency-cruiser.cjs'), '--output-type', outputType, '.']
  return promisify(execFile)(process.execPath, args, { cwd: fixture, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout }) => ({ stdout, exitCode: 0 }),
    (error: { stdout: string; code: number }) => ({ stdout: error.stdout, exitCode: error.code }),
  )
}

afterAll(() => {
  rmSync(fixture, { recursive: true, force: true })
})

describe('.dependency-cruiser.cjs', () => {
  it('catches every forbidden arrow with exactly its rules, and nothing on the allowed ones', () => {
    expect(result.violations).toEqual(EXPECTED)
  })

  it('fails the run (non-zero exit) when an arrow is forbidden', () => {
    expect(result.exitCode).not.toBe(0)
  })
})
