import { ERROR_TEXT } from './describe-error.ts'

/** The texts of the sign-in and sign-up forms. */
export const AUTH_TEXT = {
  expired: 'Your session expired. Please sign in again.',
  invalidCredentials: 'Invalid email or password',
  tooManyAttempts: 'Too many attempts. Please wait a minute and try again.',
  signUpFailed: 'Could not create an account with these details',
  invalidEmail: 'Enter a valid email address',
  passwordTooShort: 'Password must be at least 8 characters',
  passwordTooLong: 'Password must be at most 128 characters',
} as const

/** A Better Auth client error (`{ status, code?, message? }`), or a thrown network failure. */
export type AuthFailure = { status?: number; code?: string; message?: string } | null | undefined

/**
 * The sign-in error text. Every refusal (400 malformed email, 401, 403) gets the same neutral text,
 * so the form never tells whether an account exists.
 */
export function signInErrorText(error: AuthFailure): string {
  const status = error?.status
  if (status === undefined) return ERROR_TEXT.offline
  if (status === 429) return AUTH_TEXT.tooManyAttempts
  if (status >= 500) return ERROR_TEXT.server
  return AUTH_TEXT.invalidCredentials
}

/** Where sign-up problems go: next to the fields, or one form-level error. */
export interface SignUpErrors {
  fieldErrors: Partial<Record<'email' | 'password', string>>
  formError?: string
}

/**
 * Places a Better Auth sign-up error. Field problems go next to the field: its own codes
 * (INVALID_EMAIL, PASSWORD_TOO_SHORT/LONG) and its body-schema check, which comes first and names
 * the fields in the message (`{ code: 'VALIDATION_ERROR', message: '[body.email] Invalid email
 * address; [body.password] Too small…' }`). A taken email is the generic form error: saying
 * "exists" would reveal the account.
 */
export function signUpError(error: AuthFailure): SignUpErrors {
  const status = error?.status
  if (status === undefined) return { fieldErrors: {}, formError: ERROR_TEXT.offline }
  if (status === 429) return { fieldErrors: {}, formError: AUTH_TEXT.tooManyAttempts }
  if (status >= 500) return { fieldErrors: {}, formError: ERROR_TEXT.server }
  switch (error?.code) {
    case 'INVALID_EMAIL':
      return { fieldErrors: { email: AUTH_TEXT.invalidEmail } }
    case 'PASSWORD_TOO_SHORT':
      return { fieldErrors: { password: AUTH_TEXT.passwordTooShort } }
    case 'PASSWORD_TOO_LONG':
      return { fieldErrors: { password: AUTH_TEXT.passwordTooLong } }
    case 'VALIDATION_ERROR': {
      const message = error.message ?? ''
      const fieldErrors: SignUpErrors['fieldErrors'] = {}
      if (message.includes('[body.email]')) fieldErrors.email = AUTH_TEXT.invalidEmail
      if (/\[body\.password\] Too big/.test(message)) fieldErrors.password = AUTH_TEXT.passwordTooLong
      else if (message.includes('[body.password]')) fieldErrors.password = AUTH_TEXT.passwordTooShort
      return Object.keys(fieldErrors).length > 0 ? { fieldErrors } : { fieldErrors, formError: AUTH_TEXT.signUpFailed }
    }
    default:
      return { fieldErrors: {}, formError: AUTH_TEXT.signUpFailed }
  }
}
