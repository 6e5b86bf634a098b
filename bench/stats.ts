/** A measurement repeated over several runs: its median and the spread (min–max) around it. */
export interface Summary {
  /** Median of the values, in the values' own unit. */
  median: number
  min: number
  max: number
  /** How many runs went into it. */
  n: number
}

/** Median of `values` (mean of the two middle ones for an even count). Throws on an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Median and min–max of `values`. Throws on an empty list: a summary of nothing would be a lie. */
export function summarize(values: readonly number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length }
}

/**
 * `numerator / denominator` of two summaries as a summary: the median ratio from the medians, and
 * a spread from the extreme pairings (min/max … max/min), so it never looks tighter than the data.
 */
export function ratio(numerator: Summary, denominator: Summary): Summary {
  return {
    median: numerator.median / denominator.median,
    min: numerator.min / denominator.max,
    max: numerator.max / denominator.min,
    n: Math.min(numerator.n, denominator.n),
  }
}
