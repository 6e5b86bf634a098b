import { createLocalJWKSet, jwtVerify } from 'jose'
import type { JWTVerifyOptions, JWTVerifyResult } from 'jose'
import type { Issuer } from '../../mocks/issuer/index.ts'
import { assertFiniteTimes } from '../../shared/auth/verify-token.ts'

/**
 * Verifies like a strict backend would: only the issuer's algorithm, its JWKS, exact iss/aud, and
 * sub/exp required, finite time claims. `overrides` relaxes one check at a time for the control assertions.
 */
export async function strictVerify(issuer: Issuer, token: string, overrides: JWTVerifyOptions = {}, { finiteTimes = true } = {}): Promise<JWTVerifyResult> {
  const result = await jwtVerify(token, createLocalJWKSet(issuer.jwks()), {
    algorithms: [issuer.alg],
    issuer: issuer.issuer,
    audience: issuer.audience,
    requiredClaims: ['sub', 'exp'],
    ...overrides,
  })
  // jose takes exp 1e400 (Infinity) as a valid time: a strict backend also checks it is finite.
  if (finiteTimes) assertFiniteTimes(result.payload)
  return result
}
