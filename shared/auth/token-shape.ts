import { hasLoneSurrogate } from '../http/json-text.ts'

/** Most characters (code points, as PostgreSQL's varchar counts) a `sub` may have: the contract's UserId. */
export const MAX_SUBJECT_LENGTH = 255

/** The 64 letters of base64url (RFC 4648 §5) and their 6-bit values. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Whether `segment` is canonical unpadded base64url (RFC 7515 §2 and Appendix C): only the 64
 * letters, no `=`, a length that is not 1 mod 4, and zero bits where the last letter carries
 * more bits than the bytes need (a decoder ignores them). Without this, `TOKEN==` or a flipped
 * low bit in the signature name the same token: harmless to the signature, but not to a
 * deny-list or cache keyed on the token string. Reads the text only; decodes nothing.
 */
export function isCanonicalBase64url(segment: string): boolean {
  if (segment.length % 4 === 1) return false
  for (let i = 0; i < segment.length; i++) if (ALPHABET.indexOf(segment[i]!) < 0) return false
  if (segment.length === 0) return true
  const last = ALPHABET.indexOf(segment[segment.length - 1]!)
  // 2 letters left over carry 1 byte (4 spare bits); 3 letters carry 2 bytes (2 spare bits).
  const spareBits = { 0: 0, 2: 0b1111, 3: 0b11 }[(segment.length % 4) as 0 | 2 | 3]
  return (last & spareBits) === 0
}

/** Whether each of a compact JWS's three segments is canonical base64url. */
export function isCanonicalCompactJws(token: string): boolean {
  const segments = token.split('.')
  return segments.length === 3 && segments.every(isCanonicalBase64url)
}

/**
 * Whether `sub` can be a user id: 1–255 characters, no U+0000 (PostgreSQL text cannot hold it)
 * and no lone surrogate (no UTF-8 form; stored as U+FFFD, it would name another user).
 */
export function isStorableSubject(sub: unknown): sub is string {
  if (typeof sub !== 'string' || sub.length === 0 || sub.includes('\u0000') || hasLoneSurrogate(sub)) return false
  // .length counts UTF-16 units: only a string that long can have more than 255 code points.
  return sub.length <= MAX_SUBJECT_LENGTH || [...sub].length <= MAX_SUBJECT_LENGTH
}
