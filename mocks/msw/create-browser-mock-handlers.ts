import { compileContractValidator, type ContractValidator } from '../../contracts/contract-validator.ts'
import { createInMemoryIssuer } from '../issuer/simulated-issuer.ts'
import { createMockHandlers, type MockHandlers, type MockHandlersOptions } from './create-mock-handlers.ts'

/** Options of {@link createBrowserMockHandlers}: those of `createMockHandlers`, with the validator optional. */
export type BrowserMockHandlersOptions = Omit<MockHandlersOptions, 'validator'> & {
  /** Default: `compileContractValidator()`, over the contract bundled as a module (no file access). */
  validator?: ContractValidator
}

/**
 * `createMockHandlers` with defaults that need neither files nor Node built-ins, so it runs in a
 * browser page (and in Node alike): the validator compiled from the bundled contract and, when no
 * `issuer`, `jwksUrl` or `verifier` is given, a fresh in-memory simulated issuer whose `iss`/`aud`
 * is the page's origin (`location.origin`; `http://127.0.0.1:3000` where there is no page).
 *
 * ```ts
 * const mock = await createBrowserMockHandlers({ seed: { users: ['user_alice'] } })
 * const token = await mock.issuer!.mint({ sub: 'user_alice' })
 * ```
 */
export async function createBrowserMockHandlers(options: BrowserMockHandlersOptions = {}): Promise<MockHandlers> {
  const validator = options.validator ?? compileContractValidator()
  const needsIssuer = !options.issuer && !options.jwksUrl && !options.verifier
  const origin = globalThis.location?.origin
  // An opaque origin ("null": a file:// page, a sandboxed frame) is no URL to put in `iss`.
  const baseUrl = origin && origin !== 'null' ? { baseUrl: origin } : {}
  const issuer = needsIssuer ? await createInMemoryIssuer(baseUrl) : options.issuer
  return createMockHandlers({ ...options, validator, ...(issuer && { issuer }) })
}
