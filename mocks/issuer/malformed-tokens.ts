import { base64url } from 'jose'

const HEADER = base64url.encode(JSON.stringify({ alg: 'EdDSA', kid: 'tck-malformed', typ: 'JWT' }))
const PAYLOAD = base64url.encode(
  JSON.stringify({ sub: 'user_alice', iss: 'http://127.0.0.1:3000', aud: 'http://127.0.0.1:3000', iat: 1700000000, exp: 1700000900 }),
)
// 64 bytes: the length of an Ed25519 signature, so only the structure is wrong.
const SIGNATURE = base64url.encode(new Uint8Array(64).fill(7))

/**
 * Strings that are not well-formed JWS Compact Serializations (RFC 7515 §7.1) and must be rejected
 * before any key lookup. The empty string is deliberately absent: it is an Authorization-header case.
 */
export const MALFORMED_TOKENS: readonly { kind: string; token: string }[] = [
  { kind: 'one-segment', token: HEADER },
  { kind: 'two-segments', token: `${HEADER}.${PAYLOAD}` },
  { kind: 'four-segments', token: `${HEADER}.${PAYLOAD}.${SIGNATURE}.${SIGNATURE}` },
  // Five segments is the JWE shape (RFC 7516 §7.1); a JWS verifier must not treat it as a JWT.
  { kind: 'five-segments', token: `${HEADER}.${PAYLOAD}.${SIGNATURE}.${SIGNATURE}.${SIGNATURE}` },
  { kind: 'bad-base64', token: `eyJ!!!$$$*.${PAYLOAD}.${SIGNATURE}` },
  { kind: 'non-json-header', token: `${base64url.encode('not json')}.${PAYLOAD}.${SIGNATURE}` },
]
