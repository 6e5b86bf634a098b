import type { Summary } from './stats.ts'

/** Whole number with thousands separators, e.g. `12,345`. */
export const int = (n: number) => Math.round(n).toLocaleString('en-US')
/** Fixed number of decimals. */
export const fixed = (digits: number) => (n: number) => n.toFixed(digits)
/** Milliseconds as seconds with one decimal. */
export const seconds = (ms: number) => (ms / 1000).toFixed(1)
/** A share as a percentage with one decimal, e.g. `99.7 %`; `–` when unknown. */
export const percent = (share: number | undefined) => (share === undefined ? '–' : `${(share * 100).toFixed(1)} %`)

/** `median (min–max)`, or the median alone when every run agreed or there was one run. */
export function formatSummary(s: Summary | undefined, format: (n: number) => string = int): string {
  if (!s) return '–'
  const median = format(s.median)
  return s.n < 2 || format(s.min) === format(s.max) ? median : `${median} (${format(s.min)}–${format(s.max)})`
}
