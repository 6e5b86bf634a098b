/**
 * Catalogue of hostile tokens: each one isolates a single fault that a JWT verifier must reject.
 * Kinds are stable kebab-case identifiers; tests iterate this list so a new kind is covered
 * automatically.
 */
export const HOSTILE_TOKEN_KINDS = [
  { kind: 'expired', description: 'exp is 5 minutes in the past: beyond any sane leeway (RFC 7519 §4.1.4)' },
  { kind: 'expired-recently', description: 'exp is 90 seconds in the past: accepted only with a leeway of minutes (RFC 7519 §4.1.4)' },
  {
    kind: 'infinite-expiry',
    description: 'exp is the JSON number 1e400, which parses as Infinity: a verifier comparing numbers never expires it (RFC 7519 §2)',
  },
  { kind: 'not-yet-valid', description: 'nbf and iat are 1 hour in the future (RFC 7519 §4.1.5)' },
  { kind: 'wrong-issuer', description: 'iss names a different issuer (RFC 7519 §4.1.1, RFC 8725 §3.8)' },
  { kind: 'missing-issuer', description: 'no iss claim' },
  { kind: 'wrong-audience', description: 'aud names a different audience (RFC 7519 §4.1.3, RFC 8725 §3.9)' },
  { kind: 'missing-audience', description: 'no aud claim' },
  { kind: 'missing-subject', description: 'no sub claim, so the token identifies no user (RFC 7519 §4.1.2)' },
  { kind: 'missing-expiry', description: 'no exp claim, so the token would never expire' },
  { kind: 'alg-none-lower', description: 'unsecured JWS: header alg "none", empty signature (RFC 8725 §2.1)' },
  { kind: 'alg-none-title', description: 'header alg "None", empty signature (case-variant of "none")' },
  { kind: 'alg-none-upper', description: 'header alg "NONE", empty signature (case-variant of "none")' },
  { kind: 'alg-none-mixed', description: 'header alg "nOnE", empty signature (case-variant of "none")' },
  { kind: 'signature-stripped', description: 'a valid token with its signature removed ("header.payload.")' },
  { kind: 'signature-corrupted', description: 'a valid token whose signature bytes are altered (still base64url)' },
  {
    kind: 'hs256-key-confusion',
    description: "HS256 HMAC keyed with the issuer's public key as SPKI PEM text, real kid (RFC 8725 §2.1, §3.1)",
  },
  { kind: 'foreign-key', description: 'signed by a key not in the JWKS but carrying the real current kid' },
  { kind: 'unknown-kid', description: 'signed by a key not in the JWKS, with a kid the JWKS does not have' },
  {
    kind: 'embedded-jwk',
    description: 'signed by an attacker key published in its own "jwk" header (RFC 7515 §4.1.3), no kid',
  },
  {
    kind: 'jku-header',
    description: 'signed by an attacker key, "jku" points at an attacker JWKS (RFC 7515 §4.1.2, RFC 8725 §3.10)',
  },
  {
    kind: 'x5u-header',
    description: 'signed by an attacker key, "x5u" points at an attacker certificate (RFC 7515 §4.1.5, RFC 8725 §3.10)',
  },
  {
    kind: 'unknown-crit',
    description: 'signed by the real key but marks an unknown extension critical (RFC 7515 §4.1.11: must reject)',
  },
] as const satisfies readonly { kind: string; description: string }[]

/** One of the kinds in {@link HOSTILE_TOKEN_KINDS}. */
export type HostileTokenKind = (typeof HOSTILE_TOKEN_KINDS)[number]['kind']

/** True when `value` is a known hostile token kind. */
export function isHostileTokenKind(value: unknown): value is HostileTokenKind {
  return typeof value === 'string' && HOSTILE_TOKEN_KINDS.some((k) => k.kind === value)
}
