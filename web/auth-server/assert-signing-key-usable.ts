import type { AuthInstance } from './create-auth.ts'

/**
 * Signs (and discards) one JWT so a server fails at startup, not on every `/api/auth/token` call,
 * when the stored private keys cannot be decrypted: Better Auth encrypts them with the secret, so
 * a persisted `jwks` table only works with the secret it was created under. On a fresh database
 * this also mints the first key pair, so `/api/auth/jwks` serves a key from the start.
 * @throws Error naming the likely cause (another secret); the original error is its `cause`.
 */
export async function assertSigningKeyUsable(auth: AuthInstance): Promise<void> {
  try {
    await auth.api.signJWT({ body: { payload: { sub: 'tck-startup-check' } } })
  } catch (error) {
    throw new Error(
      'Cannot sign JWTs with the keys stored in the jwks table; the database was probably set up with another auth secret. ' +
        'Start with the original secret, or delete the jwks rows to mint a new key (tokens already issued then stop verifying).',
      { cause: error },
    )
  }
}
