import { base64url, CompactSign, exportSPKI, importJWK } from 'jose'
import type { CryptoKey, JWK, JWTPayload } from 'jose'
import { generateSigningKey } from './signing-key.ts'
import type { SigningKey } from './signing-key.ts'
import type { HostileTokenKind } from './hostile-token-kinds.ts'

export { HOSTILE_TOKEN_KINDS, isHostileTokenKind } from './hostile-token-kinds.ts'
export type { HostileTokenKind } from './hostile-token-kinds.ts'
export { MALFORMED_TOKENS } from './malformed-tokens.ts'

/** The valid payload every hostile token starts from, so each variant differs in one fault only. */
export interface BaseClaims extends JWTPayload {
  iss: string
  aud: string
  sub: string
  /** Epoch seconds; also taken as "now" by time-based variants. */
  iat: number
  /** Epoch seconds. */
  exp: number
}

/** What {@link mintHostile} needs from the issuer. */
export interface HostileTokenContext {
  /** The issuer's current signing key (the one its JWKS publishes). */
  key: SigningKey
  /** A complete, valid default payload. */
  claims: BaseClaims
  /** Attacker-controlled base URL used by `jku-header` / `x5u-header`. Default `'http://127.0.0.1:9/'` (discard port). */
  listenerUrl?: string
}

type Header = Record<string, unknown>
const CRIT_MEMBER = 'urn:tck:unknown'

const encoder = new TextEncoder()
const encodeJson = (value: unknown): string => base64url.encode(JSON.stringify(value))

async function sign(key: SigningKey, header: Header, payload: JWTPayload | string, crit?: Record<string, boolean>): Promise<string> {
  const bytes = new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload))
  return new CompactSign(bytes).setProtectedHeader({ alg: key.alg, ...header }).sign(key.privateKey, crit ? { crit } : {})
}

/**
 * The payload text of `claims` with `"exp":1e400` in place of exp. JSON.stringify cannot write
 * it (Infinity becomes null), so the member is spliced into the text by hand.
 */
export function infiniteExpiryPayload(claims: JWTPayload): string {
  const { exp: _exp, ...rest } = claims
  const json = JSON.stringify(rest)
  return `${json.slice(0, -1)}${json === '{}' ? '' : ','}"exp":1e400}`
}

const realHeader = (key: SigningKey): Header => ({ alg: key.alg, kid: key.kid, typ: 'JWT' })
const withClaims = (ctx: HostileTokenContext, changes: Partial<BaseClaims> & JWTPayload) => sign(ctx.key, realHeader(ctx.key), { ...ctx.claims, ...changes })
const withoutClaim = (ctx: HostileTokenContext, claim: keyof BaseClaims) => {
  const { [claim]: _dropped, ...rest } = ctx.claims
  return sign(ctx.key, realHeader(ctx.key), rest)
}
const unsecured = (alg: string) => async (ctx: HostileTokenContext) => `${encodeJson({ alg, typ: 'JWT' })}.${encodeJson(ctx.claims)}.`
const attackerSigned = (header: (attacker: SigningKey, ctx: HostileTokenContext) => Header) => async (ctx: HostileTokenContext) => {
  const { key: attacker } = await generateSigningKey(ctx.key.alg)
  return sign(attacker, { typ: 'JWT', ...header(attacker, ctx) }, ctx.claims)
}
const listenerBase = (ctx: HostileTokenContext) => (ctx.listenerUrl ?? 'http://127.0.0.1:9/').replace(/\/+$/, '')

const MINTERS: Record<HostileTokenKind, (ctx: HostileTokenContext) => Promise<string>> = {
  expired: (ctx) => withClaims(ctx, { iat: ctx.claims.iat - 20 * 60, exp: ctx.claims.iat - 5 * 60 }),
  'expired-recently': (ctx) => withClaims(ctx, { iat: ctx.claims.iat - 15 * 60 - 90, exp: ctx.claims.iat - 90 }),
  'infinite-expiry': (ctx) => sign(ctx.key, realHeader(ctx.key), infiniteExpiryPayload(ctx.claims)),
  'not-yet-valid': (ctx) => {
    const later = ctx.claims.iat + 3600
    return withClaims(ctx, { nbf: later, iat: later, exp: later + (ctx.claims.exp - ctx.claims.iat) })
  },
  'wrong-issuer': (ctx) => withClaims(ctx, { iss: 'https://attacker.example.test' }),
  'missing-issuer': (ctx) => withoutClaim(ctx, 'iss'),
  'wrong-audience': (ctx) => withClaims(ctx, { aud: 'https://other-service.example.test' }),
  'missing-audience': (ctx) => withoutClaim(ctx, 'aud'),
  'missing-subject': (ctx) => withoutClaim(ctx, 'sub'),
  'missing-expiry': (ctx) => withoutClaim(ctx, 'exp'),
  'alg-none-lower': unsecured('none'),
  'alg-none-title': unsecured('None'),
  'alg-none-upper': unsecured('NONE'),
  'alg-none-mixed': unsecured('nOnE'),
  'signature-stripped': async (ctx) => (await withClaims(ctx, {})).replace(/[^.]+$/, ''),
  'signature-corrupted': async (ctx) => {
    const [h, p, s = ''] = (await withClaims(ctx, {})).split('.')
    const bytes = base64url.decode(s)
    // Flip bits in the middle of the signature: re-encoding keeps it canonical base64url.
    const i = bytes.length >> 1
    bytes[i] = (bytes[i] ?? 0) ^ 0xff
    return `${h}.${p}.${base64url.encode(bytes)}`
  },
  'hs256-key-confusion': async (ctx) => {
    const pem = await spkiPem(ctx.key.publicJwk)
    const input = `${encodeJson({ alg: 'HS256', kid: ctx.key.kid, typ: 'JWT' })}.${encodeJson(ctx.claims)}`
    // WebCrypto rather than node:crypto, so a browser (the MSW worker's page) can mint it too.
    const { subtle } = globalThis.crypto
    const secret = await subtle.importKey('raw', encoder.encode(pem), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    return `${input}.${base64url.encode(new Uint8Array(await subtle.sign('HMAC', secret, encoder.encode(input))))}`
  },
  'foreign-key': attackerSigned((_attacker, ctx) => ({ kid: ctx.key.kid })),
  'unknown-kid': attackerSigned((attacker) => ({ kid: attacker.kid })),
  'embedded-jwk': attackerSigned((attacker) => ({ jwk: bareJwk(attacker.publicJwk) })),
  'jku-header': attackerSigned((attacker, ctx) => ({ kid: attacker.kid, jku: `${listenerBase(ctx)}/jwks.json` })),
  'x5u-header': attackerSigned((attacker, ctx) => ({ kid: attacker.kid, x5u: `${listenerBase(ctx)}/cert.pem` })),
  'unknown-crit': (ctx) => sign(ctx.key, { ...realHeader(ctx.key), crit: [CRIT_MEMBER], [CRIT_MEMBER]: true }, ctx.claims, { [CRIT_MEMBER]: true }),
}

/** Mints a token of the given hostile `kind` against the issuer described by `ctx`. */
export function mintHostile(kind: HostileTokenKind, ctx: HostileTokenContext): Promise<string> {
  const minter = MINTERS[kind]
  if (!minter) return Promise.reject(new Error('Unknown hostile token kind'))
  return minter(ctx)
}

/**
 * The issuer's public key as SPKI PEM text, byte for byte what node:crypto writes (public-key-pem.ts):
 * the "secret" a key-confusion attacker HMACs with. jose's PEM lacks the final newline Node adds.
 */
async function spkiPem(publicJwk: JWK): Promise<string> {
  const key = await importJWK(bareJwk(publicJwk), publicJwk.alg, { extractable: true })
  return `${await exportSPKI(key as CryptoKey)}\n`
}

/** `jwk` without `kid`, `alg` and `use`: the members that describe the key itself. */
export function bareJwk(jwk: JWK): JWK {
  const { kid: _kid, alg: _alg, use: _use, ...bare } = jwk
  return bare
}
