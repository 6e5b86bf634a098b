import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { givenFigure, recordedNpmTest } from '../../bench/recorded-durations.ts'

const dir = mkdtempSync(join(tmpdir(), 'tck-recorded-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const write = (name: string, body: unknown) => writeFileSync(join(dir, name), JSON.stringify(body))

describe('recorded durations', () => {
  it("sums the runners' durations of the last npm test only when every report is there", () => {
    write('vitest.json', { startTime: 1_000_000, testResults: [{ endTime: 1_100_000 }, { endTime: 1_250_000 }] })
    write('playwright.json', { stats: { duration: 60_000 } })
    expect(recordedNpmTest(dir)).toBeUndefined()
    write('vitest-reliability.json', { startTime: 2_000_000, testResults: [{ endTime: 2_030_000 }] })
    const figure = recordedNpmTest(dir)!
    expect(figure.seconds).toBe(250 + 60 + 30)
    expect(figure.source).toMatch(/last `npm test`, \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
  })

  it('takes a last known figure from an option, and says it was not measured', () => {
    expect(givenFigure('480', '--ci-seconds')).toEqual({ seconds: 480, source: 'given with --ci-seconds (last known figure, not measured by this run)' })
    expect(givenFigure(undefined, '--ci-seconds')).toBeUndefined()
    expect(givenFigure('soon', '--ci-seconds')).toBeUndefined()
  })
})
