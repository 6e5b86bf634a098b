import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

/** Peak resident memory of another process since {@link trackPeakRss} started watching it. */
export interface PeakRssTracker {
  /** Stops watching. @returns the peak RSS in bytes, or `undefined` when it could not be read. */
  stop(): number | undefined
}

/** `VmHWM` (peak RSS) of `pid` in bytes, from /proc; `undefined` off Linux or once the process is gone. */
export function readVmHwm(pid: number): number | undefined {
  try {
    const kib = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kib === undefined ? undefined : Number(kib) * 1024
  } catch {
    return undefined
  }
}

/** Current RSS of `pid` in bytes from `ps` (macOS and anything without /proc). */
function readPsRss(pid: number): number | undefined {
  try {
    const kib = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim())
    return Number.isFinite(kib) && kib > 0 ? kib * 1024 : undefined
  } catch {
    return undefined
  }
}

/**
 * Watches the peak RSS of `pid` over one measurement. On Linux the kernel's high-water mark is
 * reset first (writing 5 to /proc/<pid>/clear_refs), so the peak belongs to this measurement and
 * not to startup or an earlier case; without /proc, `ps` is sampled every `sampleMs` (default
 * 100 ms), which can miss a short spike.
 */
export function trackPeakRss(pid: number, sampleMs = 100): PeakRssTracker {
  let resettable = false
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
    resettable = readVmHwm(pid) !== undefined
  } catch {
    resettable = false
  }
  if (resettable) return { stop: () => readVmHwm(pid) }
  let peak = readPsRss(pid)
  const timer = setInterval(() => {
    const rss = readPsRss(pid)
    if (rss !== undefined) peak = Math.max(peak ?? 0, rss)
  }, sampleMs)
  timer.unref()
  return {
    stop() {
      clearInterval(timer)
      return peak
    },
  }
}
