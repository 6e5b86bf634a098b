import { describe, expect, it } from 'vitest'
import { CHECKLIST } from '../../checklist/checklist.ts'
import { useTckProcesses } from '../support/spawn-tck.ts'

const { tck } = useTckProcesses('tck-mocks-')
const itemsLine = (output: string) => /Items: (\d+) passed, (\d+) failed, (\d+) warned, (\d+) not provable/.exec(output)?.slice(1).map(Number)

describe('tck check against the mocks', () => {
  it('finds the MSW mock identical to the reference server on every item (differential table)', async () => {
    const p = tck(['check', '--target', 'msw', '--compare', 'reference'])
    const code = await p.exited
    const out = p.output()
    expect(itemsLine(out)).toEqual([CHECKLIST.length - 1, 0, 0, 1])
    expect(out).toMatch(/^item\s+msw\s+reference/m)
    expect(out).toMatch(/^BOLA-002\s+PASS\s+PASS/m)
    expect(out).toContain('Same result on msw and reference for every item both can prove.')
    // The parity probe (checklist/parity-shapes.ts): the same odd requests, the same answers.
    expect(out).toMatch(/^Parity probe: \d+ request shapes/m)
    expect(out).toContain('Every request shape answered alike on msw and reference.')
    expect(code).toBe(0)
  }, 180_000)

  it('says which items the stateless Prism mock cannot prove, instead of failing or passing them', async () => {
    const p = tck(['check', '--target', 'prism'])
    const code = await p.exited
    const out = p.output()
    expect(out).toMatch(/SKIP\s+BOLA-002 .*stateless mock cannot prove/)
    expect(out).toMatch(/SKIP\s+AUTH-005 .*does not verify tokens/)
    expect(out).toMatch(/SKIP\s+SPEC-006 .*keeps no state/)
    expect(out).toMatch(/PASS\s+CONF-003/)
    expect(out).toMatch(/PASS\s+AUTH-019/)
    const [passed, failed] = itemsLine(out)!
    expect(failed).toBe(0)
    expect(passed).toBeGreaterThan(5)
    expect(code).toBe(0)
  }, 120_000)
})
