import { mkdirSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FAULTS } from '../../reference-server/faults/faults.ts'
import { spawnTck } from '../support/spawn-tck.ts'

describe('tck check --self-test', () => {
  it('passes the correct reference server and catches every fault of the fault switch', async () => {
    const p = spawnTck(['check', '--self-test'])
    const code = await p.exited
    const out = p.output()
    // Kept for people (and the README's sample): which items caught which fault, in this run.
    mkdirSync('reports', { recursive: true })
    writeFileSync('reports/self-test.txt', out)
    expect(out).toMatch(/^ok\s+\(none: the correct server\)\s+passes every check$/m)
    for (const { name } of FAULTS) expect(out).toMatch(new RegExp(`^ok\\s+${name}\\s+caught by [A-Z]+-\\d{3}`, 'm'))
    expect(out).toContain(`${FAULTS.length + 1} of ${FAULTS.length + 1} rows as expected`)
    expect(code).toBe(0)
    // 46 runs of the suite, 3 at a time (each its own server): 247 s on 2 cores beside other work,
    // against 1,253 s one at a time under the same load (measured).
  }, 1_500_000)
})
