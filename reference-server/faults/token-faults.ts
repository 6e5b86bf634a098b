import { createPublicKey } from 'node:crypto'
import {
  base64url,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  EmbeddedJWK,
  errors,
  jwtVerify,
  UnsecuredJWT,
  type JWK,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose'
import { joseVerifyOnly, verifyJwt, type TokenVerifierParts, type VerifyJwt } from '../../shared/auth/verify-token.ts'
import type { AppOverrides } from '../app-overrides.ts'
import type { ServerConfig } from '../config/load-config.ts'
import { authHookFaultOverrides } from './auth-hook-faults.ts'
import type { FaultName } from './faults.ts'
import { jwksFaultOverrides } from './jwks-faults.ts'

// An unsecured header lets jose's own claim checks run on a payload without any signature step.
const UNSECURED_HEADER = base64url.encode(JSON.stringify({ alg: 'none' }))

/** jose's claim validation (iss, aud, required claims, nbf, exp) applied to `payload` alone. */
function checkClaims(payload: JWTPayload | string, options: JWTVerifyOptions): JWTPayload {
  const encoded = typeof payload === 'string' ? payload : base64url.encode(JSON.stringify(payload))
  return UnsecuredJWT.decode(`${UNSECURED_HEADER}.${encoded}.`, options).payload
}

/** The secret a tutorial's `.env.example` ships with, left in place (fault `accept-placeholder-hs256`). */
const PLACEHOLDER_SECRET = 'your-secret-key'

/** Whether the token's payload has an `aud`; a token that does not decode takes the normal path. */
function hasAudience(token: string): boolean {
  try {
    return decodeJwt(token).aud !== undefined
  } catch {
    return true
  }
}

const withoutRequired = (options: JWTVerifyOptions, claim: string): JWTVerifyOptions => ({
  ...options,
  requiredClaims: (options.requiredClaims ?? []).filter((c) => c !== claim),
})

/** The key-confusion bug: every JWKS key, as SPKI PEM text, tried as an HMAC secret. */
async function verifyWithPublicKeyPems(token: string, config: ServerConfig, options: JWTVerifyOptions): Promise<JWTPayload> {
  const response = await fetch(config.jwksUrl, { signal: AbortSignal.timeout(config.jwksTimeoutMs) })
  const { keys = [] } = (await response.json()) as { keys?: JWK[] }
  for (const jwk of keys) {
    const pem = createPublicKey({ key: jwk as Record<string, string>, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString()
    try {
      return (await jwtVerify(token, new TextEncoder().encode(pem), { ...options, algorithms: ['HS256'] })).payload
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error
    }
  }
  throw new errors.JWSSignatureVerificationFailed()
}

/**
 * The verification step for `fault` when the fault lives in this step (exactly that one check is
 * broken and every other check still runs), else `undefined`: the correct `verifyJwt`.
 */
function verifyJwtForFault(fault: FaultName, config: ServerConfig): VerifyJwt | undefined {
  switch (fault) {
    case 'accept-alg-none':
      return async (token, getKey, options) => (/^none$/i.test(String(decodeProtectedHeader(token).alg)) ? decodeJwt(token) : verifyJwt(token, getKey, options))
    case 'hmac-key-confusion':
      return async (token, getKey, options) =>
        decodeProtectedHeader(token).alg === 'HS256' ? verifyWithPublicKeyPems(token, config, options) : verifyJwt(token, getKey, options)
    case 'skip-signature-check':
      return async (token, _getKey, options) => {
        decodeProtectedHeader(token) // a header that does not parse is still malformed
        return checkClaims(token.split('.')[1]!, options)
      }
    case 'trust-embedded-jwk':
      return (token, getKey, options) => verifyJwt(token, (header, jws) => (header.jwk ? EmbeddedJWK(header, jws) : getKey(header, jws)), options)
    case 'fetch-jku':
      return (token, getKey, options) =>
        verifyJwt(
          token,
          (header, jws) =>
            typeof header.jku === 'string'
              ? createRemoteJWKSet(new URL(header.jku), { timeoutDuration: config.jwksTimeoutMs })(header, jws)
              : getKey(header, jws),
          options,
        )
    case 'ignore-issuer-audience':
      return (token, getKey, options) => verifyJwt(token, getKey, { ...options, issuer: undefined, audience: undefined })
    case 'ignore-crit':
      return (token, getKey, options) => {
        const { crit } = decodeProtectedHeader(token)
        const recognizeAll = Array.isArray(crit) ? Object.fromEntries(crit.map((name) => [String(name), true])) : undefined
        return verifyJwt(token, getKey, { ...options, crit: recognizeAll })
      }
    case 'ignore-expiry':
      return async (token, getKey, options) => {
        try {
          return await verifyJwt(token, getKey, options)
        } catch (error) {
          // jose checks claims only after the signature verified: re-check them with exp left out.
          if (!(error instanceof errors.JWTExpired) || error.claim !== 'exp') throw error
          return checkClaims({ ...error.payload, exp: undefined }, withoutRequired(options, 'exp'))
        }
      }
    case 'ignore-not-before':
      return async (token, getKey, options) => {
        try {
          return await verifyJwt(token, getKey, options)
        } catch (error) {
          // jose stops at nbf before checking exp: re-check every claim with nbf left out.
          if (!(error instanceof errors.JWTClaimValidationFailed) || error.claim !== 'nbf' || error.reason !== 'check_failed') throw error
          return checkClaims({ ...error.payload, nbf: undefined }, options)
        }
      }
    case 'expiry-leeway-10-minutes':
      return (token, getKey, options) => verifyJwt(token, getKey, { ...options, clockTolerance: 600 })
    case 'expiry-leeway-2-minutes':
      return (token, getKey, options) => verifyJwt(token, getKey, { ...options, clockTolerance: 120 })
    case 'accept-infinite-exp':
      // jose alone: Infinity is a number that is never in the past.
      return joseVerifyOnly
    case 'accept-placeholder-hs256':
      return async (token, getKey, options) =>
        decodeProtectedHeader(token).alg === 'HS256'
          ? (await jwtVerify(token, new TextEncoder().encode(PLACEHOLDER_SECRET), { ...options, algorithms: ['HS256'] })).payload
          : verifyJwt(token, getKey, options)
    case 'ignore-missing-audience':
      // The "if 'aud' in payload: check it" bug: only a present aud is compared.
      return (token, getKey, options) => verifyJwt(token, getKey, hasAudience(token) ? options : { ...options, audience: undefined })
    default:
      return undefined
  }
}

/** The token verifier's parts for `fault`, when it lives in the verifier. */
function verifierPartsForFault(fault: FaultName, config: ServerConfig): TokenVerifierParts | undefined {
  const verify = verifyJwtForFault(fault, config)
  if (verify) return { verify }
  // With the auth hook's part (auth-hook-faults.ts): a token without sub is accepted.
  if (fault === 'require-no-subject') return { requiredClaims: ['exp'] }
  if (fault === 'internals-on-bad-token') {
    // A parsing error escapes as an unhandled exception (500) instead of becoming a 401.
    return {
      onMalformed: (error) => {
        throw error ?? new errors.JWSInvalid('Invalid Compact JWS')
      },
    }
  }
  return undefined
}

/**
 * Every part a token or auth fault replaces (verifier, remote JWKS, auth hook), as {@link AppOverrides};
 * `{}` for a fault that lives elsewhere. Each breaks exactly one rule; everything else stays correct.
 */
export function tokenFaultOverrides(fault: FaultName, config: ServerConfig): AppOverrides {
  const tokenVerifier = verifierPartsForFault(fault, config)
  return { ...jwksFaultOverrides(fault, config), ...authHookFaultOverrides(fault), ...(tokenVerifier && { tokenVerifier }) }
}
