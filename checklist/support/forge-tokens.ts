import { createHmac, randomUUID } from 'node:crypto'
import { base64url, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose'
import { infiniteExpiryPayload, publicKeyPem, type HostileTokenKind } from '../../mocks/issuer/index.ts'

/**
 * Hostile tokens made on the attacker's side, for auth modes where the suite does not hold the
 * issuer's private key (a real Better Auth) or holds only a shared secret. Each returns
 * `undefined` when the kind cannot be made in that mode, so the check is skipped, not passed.
 */
export interface ForgeInput {
  /** A valid token of the victim user, to copy claims and `kid` from. */
  validToken: string
  /** Signs a payload with the trusted key, when the suite has it (shared secret). */
  sign?: (payload: JWTPayload, header?: Record<string, unknown>) => Promise<string>
  /** Signs payload text as is, for payloads JSON.stringify cannot write (`"exp":1e400`). */
  signText?: (payload: string) => Promise<string>
  /** The issuer's public JWKS, when known (for key confusion). */
  jwks?: { keys: JWK[] }
  /** Where jku/x5u point. */
  listenerUrl: string
}

const enc = (value: unknown) => base64url.encode(JSON.stringify(value))

async function attackerSign(payload: JWTPayload, header: Record<string, unknown>) {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
  return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', ...header }).sign(privateKey)
}

export async function forgeToken(kind: HostileTokenKind, input: ForgeInput): Promise<string | undefined> {
  const payload = decodeJwt(input.validToken)
  const header = decodeProtectedHeader(input.validToken)
  const [h, p, s] = input.validToken.split('.') as [string, string, string]
  const now = Math.floor(Date.now() / 1000)
  const claimsVariant = (change: (c: JWTPayload) => JWTPayload, extraHeader: Record<string, unknown> = {}) =>
    input.sign ? input.sign(change({ ...payload }), extraHeader) : Promise.resolve(undefined)
  const without = (name: keyof JWTPayload) => (c: JWTPayload) => {
    delete c[name]
    return c
  }
  switch (kind) {
    case 'alg-none-lower':
      return `${enc({ alg: 'none', typ: 'JWT' })}.${p}.`
    case 'alg-none-title':
      return `${enc({ alg: 'None', typ: 'JWT' })}.${p}.`
    case 'alg-none-upper':
      return `${enc({ alg: 'NONE', typ: 'JWT' })}.${p}.`
    case 'alg-none-mixed':
      return `${enc({ alg: 'nOnE', typ: 'JWT' })}.${p}.`
    case 'signature-stripped':
      return `${h}.${p}.`
    case 'signature-corrupted': {
      const bytes = base64url.decode(s)
      bytes[0] = bytes[0]! ^ 0xff
      return `${h}.${p}.${base64url.encode(bytes)}`
    }
    case 'foreign-key':
      return attackerSign(payload, header.kid ? { kid: header.kid } : {})
    case 'unknown-kid':
      return attackerSign(payload, { kid: `tck-unknown-${randomUUID()}` })
    case 'embedded-jwk': {
      const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
      return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', jwk: await exportJWK(publicKey) }).sign(privateKey)
    }
    case 'jku-header':
      return attackerSign(payload, { jku: `${input.listenerUrl}/jwks.json`, kid: `tck-${randomUUID()}` })
    case 'x5u-header':
      return attackerSign(payload, { x5u: `${input.listenerUrl}/cert.pem`, kid: `tck-${randomUUID()}` })
    case 'hs256-key-confusion': {
      const jwk = input.jwks?.keys.find((k) => k.kid === header.kid) ?? input.jwks?.keys[0]
      if (!jwk) return undefined
      const pem = publicKeyPem(jwk)
      const signingInput = `${enc({ alg: 'HS256', typ: 'JWT', ...(header.kid && { kid: header.kid }) })}.${p}`
      return `${signingInput}.${base64url.encode(createHmac('sha256', pem).update(signingInput).digest())}`
    }
    case 'expired':
      return claimsVariant((c) => ({ ...c, iat: now - 1200, exp: now - 300 }))
    case 'expired-recently':
      return claimsVariant((c) => ({ ...c, iat: now - 990, exp: now - 90 }))
    case 'infinite-expiry':
      return input.signText ? input.signText(infiniteExpiryPayload(payload)) : undefined
    case 'not-yet-valid':
      return claimsVariant((c) => ({ ...c, iat: now + 3600, nbf: now + 3600, exp: now + 4500 }))
    case 'wrong-issuer':
      return claimsVariant((c) => ({ ...c, iss: 'https://attacker.invalid' }))
    case 'missing-issuer':
      return claimsVariant(without('iss'))
    case 'wrong-audience':
      return claimsVariant((c) => ({ ...c, aud: 'https://attacker.invalid' }))
    case 'missing-audience':
      return claimsVariant(without('aud'))
    case 'missing-subject':
      return claimsVariant(without('sub'))
    case 'missing-expiry':
      return claimsVariant(without('exp'))
    case 'unknown-crit':
      return claimsVariant((c) => c, { crit: ['urn:tck:unknown'], 'urn:tck:unknown': true })
  }
}
