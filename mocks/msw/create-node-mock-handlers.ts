import { createContractValidator, type ContractValidator } from '../../contracts/contract-schemas.ts'
import { createIssuer } from '../issuer/create-issuer.ts'
import { createMockHandlers, type MockHandlers, type MockHandlersOptions } from './create-mock-handlers.ts'

/** Options of {@link createNodeMockHandlers}: those of `createMockHandlers`, with the validator optional. */
export type NodeMockHandlersOptions = Omit<MockHandlersOptions, 'validator'> & {
  /** Default: `createContractValidator()` over contracts/task-api.yaml (read from disk). */
  validator?: ContractValidator
}

/**
 * NODE ONLY (reads the contract from disk, and the issuer's modules import Node built-ins):
 * `createMockHandlers` with the contract validator loaded and, when no `issuer`, `jwksUrl` or
 * `verifier` is given, a fresh in-memory simulated issuer (base URL `http://127.0.0.1:3000`).
 *
 * ```ts
 * const mock = await createNodeMockHandlers()
 * const server = setupServer(...mock.handlers)
 * const token = await mock.issuer!.mint({ sub: 'user_alice' })
 * ```
 */
export async function createNodeMockHandlers(options: NodeMockHandlersOptions = {}): Promise<MockHandlers> {
  const validator = options.validator ?? (await createContractValidator())
  const needsIssuer = !options.issuer && !options.jwksUrl && !options.verifier
  const issuer = needsIssuer ? await createIssuer() : options.issuer
  return createMockHandlers({ ...options, validator, ...(issuer && { issuer }) })
}
