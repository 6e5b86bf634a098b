import { fixed, formatSummary, int, percent } from './format.ts'
import { BIG_LIST_SIZE, MID_LIST_SIZE, USER_COUNTS, type BenchResults, type ServerVariantId } from './results.ts'
import { ratio } from './stats.ts'

/** How a server variant is named in the tables. */
export const VARIANT_LABELS: Record<ServerVariantId, string> = {
  postgres: 'PostgreSQL, cache on',
  'postgres-nocache': 'PostgreSQL, cache off',
  pglite: 'PGlite, cache on',
  'pglite-nocache': 'PGlite, cache off',
}

/** List latency by the user's task count, and throughput by the number of distinct users' tokens. */
export function scalingTables(results: BenchResults): string[] {
  const { api, settings } = results
  const floor = api.floor
  const byTasks = (
    [
      [10, api.list],
      [MID_LIST_SIZE, api['list-1k']],
      [BIG_LIST_SIZE, api['list-5k']],
    ] as const
  ).flatMap(([tasks, load]) =>
    load
      ? [
          `| ${int(tasks)} | ${formatSummary(load.p50Ms, fixed(1))} | ${formatSummary(load.p99Ms, fixed(1))} | ${formatSummary(load.rps)} | ${int(load.errors)} |`,
        ]
      : [],
  )
  const byUsers = (Object.keys(USER_COUNTS) as (keyof typeof USER_COUNTS)[]).flatMap((id) => {
    const load = api[id]
    if (!load) return []
    const vsFloor = floor ? formatSummary(ratio(load.rps, floor.rps), fixed(2)) : '–'
    return [
      `| ${int(USER_COUNTS[id])} | ${formatSummary(load.rps)} | ${vsFloor} | ${formatSummary(load.p50Ms, fixed(1))} | ${formatSummary(load.p99Ms, fixed(1))} | ${int(load.errors)} | ${percent(load.cacheHitRate)} |`,
    ]
  })
  const server = settings.primary ? VARIANT_LABELS[settings.primary] : 'the reference server'
  const lines: string[] = []
  if (byTasks.length > 0)
    lines.push(
      '## List scaling by tasks',
      '',
      `The first page (at most 100 tasks, the contract's default) of users owning 10, ${int(MID_LIST_SIZE)} and ${int(BIG_LIST_SIZE)} tasks (the larger two of maximal size: 255-character title, 2,000-character description), ${settings.connections} connections, ${server}.`,
      '',
      '| tasks of the user | p50 ms | p99 ms | requests/s | errors |',
      '|---:|---:|---:|---:|---:|',
      ...byTasks,
      '',
    )
  if (byUsers.length > 0)
    lines.push(
      '## Throughput by distinct users',
      '',
      `The list of N users in turn, each request with the next user's own token (empty lists), ${settings.connections} connections, ${server}. The hit rate is the verified-token cache's over the measured runs (after the warm-up): hits / (hits + misses).`,
      '',
      "| distinct users' tokens | requests/s | vs floor | p50 ms | p99 ms | errors | cache hit rate |",
      '|---:|---:|---:|---:|---:|---:|---:|',
      ...byUsers,
      '',
    )
  return lines
}
