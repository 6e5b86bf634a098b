import { describe, expect, it } from 'vitest'
import { waitForStop } from '../../shared/process/wait-for-stop.ts'

const handlers = () => process.listenerCount('SIGTERM') + process.listenerCount('SIGINT')

describe('waitForStop', () => {
  it('resolves on abort and then leaves SIGTERM/SIGINT to the process again', async () => {
    const before = handlers()
    const controller = new AbortController()
    const { stopped } = waitForStop(controller.signal)
    expect(handlers()).toBe(before + 2)
    controller.abort()
    await stopped
    expect(handlers()).toBe(before)
  })

  it('resolves at once for a signal already aborted', async () => {
    await waitForStop(AbortSignal.abort()).stopped
  })

  it('resolves on SIGTERM', async () => {
    const { stopped } = waitForStop()
    process.emit('SIGTERM', 'SIGTERM')
    await stopped
  })

  it('dispose() removes the handlers without resolving', async () => {
    const before = handlers()
    const controller = new AbortController()
    const stop = waitForStop(controller.signal)
    stop.dispose()
    expect(handlers()).toBe(before)
    controller.abort()
    const state = await Promise.race([stop.stopped.then(() => 'stopped'), new Promise((resolve) => setTimeout(resolve, 20, 'pending'))])
    expect(state).toBe('pending')
  })
})
