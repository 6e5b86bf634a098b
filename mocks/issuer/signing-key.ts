import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose'
import type { CryptoKey, JWK } from 'jose'

/** Signature algorithms the simulated issuer can sign with. `EdDSA` (Ed25519) is Better Auth's default. */
export const ISSUER_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'] as const

/** One of {@link ISSUER_ALGORITHMS}. */
export type IssuerAlgorithm = (typeof ISSUER_ALGORITHMS)[number]

/** True when `value` names a supported signing algorithm. */
export function isIssuerAlgorithm(value: unknown): value is IssuerAlgorithm {
  return typeof value === 'string' && (ISSUER_ALGORITHMS as readonly string[]).includes(value)
}

/** A usable asymmetric signing key: the private half signs, the public JWK is what a JWKS publishes. */
export interface SigningKey {
  /** RFC 7638 SHA-256 thumbprint of the public JWK, so the same key always gets the same kid. */
  kid: string
  alg: IssuerAlgorithm
  privateKey: CryptoKey
  /** Public JWK with `kid`, `alg` and `use: 'sig'` (RFC 7517 §4.2–4.5). */
  publicJwk: JWK
}

// Members that make up the public key per RFC 7518 §6; everything else (d, p, q, …) is private.
const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  OKP: ['kty', 'crv', 'x'],
  EC: ['kty', 'crv', 'x', 'y'],
  RSA: ['kty', 'n', 'e'],
}

/** Strips the private members of `jwk`, keeping only the key-type's public parameters. */
export function toPublicJwk(jwk: JWK): JWK {
  const members = PUBLIC_MEMBERS[jwk.kty ?? '']
  if (!members) throw new Error(`Unsupported key type: ${String(jwk.kty)}`)
  const pub: Record<string, unknown> = {}
  for (const m of members) pub[m] = (jwk as Record<string, unknown>)[m]
  return pub as JWK
}

/** Generates a fresh extractable key pair and returns it with its private JWK (for persistence). */
export async function generateSigningKey(alg: IssuerAlgorithm): Promise<{ key: SigningKey; privateJwk: JWK }> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true })
  const privateJwk = await exportJWK(privateKey)
  return { key: await signingKeyFromJwk(privateJwk, alg), privateJwk }
}

/** Rebuilds a {@link SigningKey} from a stored private JWK. */
export async function signingKeyFromJwk(privateJwk: JWK, alg: IssuerAlgorithm): Promise<SigningKey> {
  const bare = toPublicJwk(privateJwk)
  const kid = await calculateJwkThumbprint(bare, 'sha256')
  const privateKey = (await importJWK({ ...privateJwk, alg }, alg)) as CryptoKey
  return { kid, alg, privateKey, publicJwk: { ...bare, kid, alg, use: 'sig' } }
}
