import { createLocalJWKSet, jwtVerify } from 'jose'
import type { JWTVerifyOptions, JWTVerifyResult } from 'jose'
import type { Issuer } from '../../mocks/issuer/index.ts'

/**
 * Verifies like a strict backend would: only the issuer's algorithm, its JWKS, exact iss/aud, and
 * sub/exp required. `overrides` relaxes one check at a time for the control assertions.
 */
export function strictVerify(issuer: Issuer, token: string, overrides: JWTVerifyOptions = {}): Promise<JWTVerifyResult> {
  return jwtVerify(token, createLocalJWKSet(issuer.jwks()), {
    algorithms: [issuer.alg],
    issuer: issuer.issuer,
    audience: issuer.audience,
    requiredClaims: ['sub', 'exp'],
    ...overrides,
  })
}
