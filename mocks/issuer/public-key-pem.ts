import { createPublicKey } from 'node:crypto'
import type { JWK } from 'jose'
import { bareJwk } from './hostile-tokens.ts'

/**
 * NODE: the issuer's public key as SPKI PEM text: the "secret" a key-confusion attacker HMACs with
 * (the `hs256-key-confusion` hostile token; the checklist forges its own from a fetched JWKS).
 * Synchronous, hence node:crypto; the browser-safe minter computes the same text with WebCrypto.
 */
export function publicKeyPem(publicJwk: JWK): string {
  return createPublicKey({ key: bareJwk(publicJwk) as Record<string, string>, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString()
}
