import type { ItemOutcome } from '../run-checklist.ts'

/** Outcomes from worst to best: the order reports list and colour them in. */
export const OUTCOMES: readonly ItemOutcome[] = ['fail', 'warn', 'info', 'pass', 'skip']
const RANK: Record<ItemOutcome, number> = { skip: 0, pass: 1, info: 2, warn: 3, fail: 4 }

/** The worse of two outcomes (fail > warn > info > pass > skip). */
export const worse = (a: ItemOutcome, b: ItemOutcome): ItemOutcome => (RANK[b] > RANK[a] ? b : a)
