import type { LoadOptions } from './load.ts'
import { spawnNode, type BenchChild } from './spawn-child.ts'

/** The mocks whose latency is compared on the same request. */
export const MOCK_ENGINES = ['msw', 'prism'] as const
export type MockEngine = (typeof MOCK_ENGINES)[number]

/** A running mock and the list request to load it with. */
export interface MockTarget {
  child: BenchChild
  request: Omit<LoadOptions, 'durationSeconds'>
}

/** The user whose list is requested from both mocks. */
const USER = 'user_alice'

/**
 * Starts a mock as `tck mock` does over HTTP, in its own process. MSW: `--seed 1` gives the user
 * 3 fake tasks, and the token comes from the mock's own in-process issuer (it verifies it). Prism:
 * the contract's list example, and any bearer value (Prism checks the scheme, not the token).
 */
export async function startMock(engine: MockEngine): Promise<MockTarget> {
  const args = engine === 'msw' ? ['bin/tck.mjs', 'mock', '--port', '0', '--seed', '1'] : ['bin/tck.mjs', 'mock', '--engine', 'prism', '--port', '0']
  const child = spawnNode(args, {})
  try {
    const [, url] = await child.waitFor(engine === 'msw' ? /tck mock \(msw\) listening on (\S+)/ : /mock \(.*\) listening on (\S+)/)
    const authorization = engine === 'msw' ? `Bearer ${await mswToken(url!)}` : 'Bearer dev'
    return { child, request: { url: `${url}/api/${USER}/tasks`, headers: { authorization } } }
  } catch (error) {
    await child.stop()
    throw error
  }
}

async function mswToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/token?sub=${USER}`)
  if (!response.ok) throw new Error(`the MSW mock gave no token: ${response.status}`)
  return ((await response.json()) as { token: string }).token
}
