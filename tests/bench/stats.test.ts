import { describe, expect, it } from 'vitest'
import { median, ratio, summarize } from '../../bench/stats.ts'

describe('bench statistics', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([30, 10, 20])).toBe(20)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7])).toBe(7)
  })

  it('refuses to summarize nothing', () => {
    expect(() => median([])).toThrow(/no values/)
    expect(() => summarize([])).toThrow()
  })

  it('summarizes runs as median with min–max spread and count', () => {
    expect(summarize([1200, 1000, 1100])).toEqual({ median: 1100, min: 1000, max: 1200, n: 3 })
  })

  it('spreads a ratio over the extreme pairings, never tighter than the data', () => {
    const r = ratio(summarize([80, 90, 100]), summarize([100, 120, 125]))
    expect(r.median).toBeCloseTo(0.75)
    expect(r.min).toBeCloseTo(80 / 125)
    expect(r.max).toBeCloseTo(1)
    expect(r.n).toBe(3)
  })
})
