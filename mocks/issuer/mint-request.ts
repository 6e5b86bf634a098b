import { isHostileTokenKind } from './hostile-token-kinds.ts'
import type { HostileTokenKind } from './hostile-token-kinds.ts'
import type { MintClaims, MintOptions, OmittableClaim } from './issuer-types.ts'

/** A validated `POST /__tck/mint` body. */
export type MintRequest = { hostile: HostileTokenKind; sub?: string; listenerUrl?: string } | { hostile?: undefined; claims: MintClaims; options: MintOptions }

const OMITTABLE: readonly string[] = ['iss', 'aud', 'exp', 'iat', 'sub']

/** Subject rule shared by the token and mint routes: a 1–255 character string. */
export function isValidSubject(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= 255
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Validates a mint body `{ claims?, header?, omit?, expiresInSeconds?, hostile?, sub?, listenerUrl? }`.
 * Error details name the offending field only: request values are never echoed back.
 */
export function parseMintRequest(body: unknown): { ok: true; value: MintRequest } | { ok: false; detail: string } {
  if (!isObject(body)) return { ok: false, detail: 'Body must be a JSON object' }
  const { claims, header, omit, expiresInSeconds, hostile, sub, listenerUrl } = body
  if (sub !== undefined && !isValidSubject(sub)) return { ok: false, detail: 'sub must be a string of 1-255 characters' }
  if (hostile !== undefined) {
    if (!isHostileTokenKind(hostile)) return { ok: false, detail: 'Unknown hostile kind; see HOSTILE_TOKEN_KINDS' }
    if (listenerUrl !== undefined && typeof listenerUrl !== 'string') return { ok: false, detail: 'listenerUrl must be a string' }
    return { ok: true, value: { hostile, ...(sub === undefined ? {} : { sub }), ...(listenerUrl === undefined ? {} : { listenerUrl }) } }
  }
  if (claims !== undefined && !isObject(claims)) return { ok: false, detail: 'claims must be an object' }
  if (header !== undefined && !isObject(header)) return { ok: false, detail: 'header must be an object' }
  if (omit !== undefined && !(Array.isArray(omit) && omit.every((c) => OMITTABLE.includes(c)))) {
    return { ok: false, detail: `omit must be an array of ${OMITTABLE.join(', ')}` }
  }
  if (expiresInSeconds !== undefined && !(typeof expiresInSeconds === 'number' && Number.isFinite(expiresInSeconds))) {
    return { ok: false, detail: 'expiresInSeconds must be a finite number' }
  }
  const options: MintOptions = {
    ...(header === undefined ? {} : { header }),
    ...(omit === undefined ? {} : { omit: omit as OmittableClaim[] }),
    ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }),
  }
  return { ok: true, value: { claims: { ...claims, ...(sub === undefined ? {} : { sub }) } as MintClaims, options } }
}
