import { readFileSync } from 'node:fs'

/**
 * Clock ticks per second of /proc/<pid>/stat times. 100 on every mainstream Linux build (USER_HZ
 * is fixed by the kernel ABI), which is why it is not read from `getconf`.
 */
const TICKS_PER_SECOND = 100

/** User+system CPU time `pid` has used so far, in milliseconds; `undefined` off Linux or once it is gone. */
export function readCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may contain spaces, hence the last ')'): utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000
  } catch {
    return undefined
  }
}

/**
 * CPU used by a set of processes over one measurement, in milliseconds. Processes that exit
 * midway are left out of the total (their last reading is lost), so it can only under-count.
 */
export function trackCpu(pids: readonly number[]): { stop(): number | undefined } {
  const before = new Map(pids.map((pid) => [pid, readCpuMs(pid)]))
  return {
    stop() {
      let total: number | undefined
      for (const [pid, start] of before) {
        const end = readCpuMs(pid)
        if (start !== undefined && end !== undefined) total = (total ?? 0) + end - start
      }
      return total
    },
  }
}
