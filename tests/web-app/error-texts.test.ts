/** The status handling of the web app: which words each failure gets (web/app/describe-error.ts, auth-errors.ts). */
import { describe, expect, it } from 'vitest'
import { abortedError, ApiError, networkError } from '../../web/api-client/index.ts'
import { AUTH_TEXT, signInErrorText, signUpError } from '../../web/app/auth-errors.ts'
import { describeError, ERROR_TEXT } from '../../web/app/describe-error.ts'
import { fieldErrorsOf } from '../../web/app/components/task-field-errors.ts'

const apiError = (status: number, fieldErrors?: Record<string, string>) =>
  new ApiError({ status, code: 'UNKNOWN', message: 'server text that must not be shown', ...(fieldErrors && { fieldErrors }), retryable: status >= 500 })

describe('describeError', () => {
  it.each([
    [401, 'unauthorized', ERROR_TEXT.expired, false],
    [403, 'forbidden', ERROR_TEXT.forbidden, false],
    [404, 'not-found', ERROR_TEXT.notFound, false],
    [422, 'validation', ERROR_TEXT.validation, false],
    [500, 'server', ERROR_TEXT.server, true],
    [503, 'server', ERROR_TEXT.server, true],
  ] as const)('maps HTTP %i to %s', (status, kind, message, retryable) => {
    expect(describeError(apiError(status))).toEqual({ kind, message, retryable })
  })

  it('explains the task quota (409 TASK_QUOTA_EXCEEDED) without offering Retry', () => {
    const quota = new ApiError({ status: 409, code: 'TASK_QUOTA_EXCEEDED', message: 'Task limit reached: delete tasks before creating more' })
    expect(describeError(quota)).toEqual({ kind: 'other', message: ERROR_TEXT.quota, retryable: false })
  })

  it('calls a network error "offline" with Retry, and a cancelled request nothing', () => {
    expect(describeError(networkError(new TypeError('Failed to fetch')))).toEqual({ kind: 'offline', message: ERROR_TEXT.offline, retryable: true })
    expect(describeError(abortedError()).kind).toBe('aborted')
  })

  it("uses the screen's 403 text, and never the raw message of an unknown error", () => {
    expect(describeError(apiError(403), "You don't have permission to view these tasks").message).toBe("You don't have permission to view these tasks")
    const thrown = new Error('TypeError at secret.js:1 token=eyJabc')
    expect(describeError(thrown).message).toBe(ERROR_TEXT.server)
  })
})

describe('fieldErrorsOf', () => {
  it("puts each field's message next to it, and an unplaced one under the title", () => {
    expect(fieldErrorsOf(apiError(422, { title: 'too long', description: 'too long too' }))).toEqual({ title: 'too long', description: 'too long too' })
    expect(fieldErrorsOf(apiError(422, { body: 'not an object' }))).toEqual({ title: 'not an object' })
    expect(fieldErrorsOf(apiError(413))).toEqual({ title: ERROR_TEXT.tooLarge })
  })
})

describe('auth error texts', () => {
  it('gives every sign-in refusal the same neutral text', () => {
    for (const error of [
      { status: 400, code: 'INVALID_EMAIL' },
      { status: 401, code: 'INVALID_EMAIL_OR_PASSWORD' },
      { status: 403, code: 'EMAIL_NOT_VERIFIED' },
    ]) {
      expect(signInErrorText(error)).toBe(AUTH_TEXT.invalidCredentials)
    }
    expect(signInErrorText({ status: 429 })).toBe(AUTH_TEXT.tooManyAttempts)
    expect(signInErrorText({})).toBe(ERROR_TEXT.offline)
  })

  it('puts sign-up field problems next to the field, and a taken email in a generic form error', () => {
    expect(signUpError({ status: 400, code: 'PASSWORD_TOO_SHORT' })).toEqual({ fieldErrors: { password: AUTH_TEXT.passwordTooShort } })
    expect(signUpError({ status: 400, code: 'INVALID_EMAIL' })).toEqual({ fieldErrors: { email: AUTH_TEXT.invalidEmail } })
    // Real Better Auth's body-schema check comes before its own codes, and may name both fields.
    expect(
      signUpError({
        status: 400,
        code: 'VALIDATION_ERROR',
        message: '[body.email] Invalid email address; [body.password] Too small: expected string to have >=1 characters',
      }),
    ).toEqual({ fieldErrors: { email: AUTH_TEXT.invalidEmail, password: AUTH_TEXT.passwordTooShort } })
    for (const code of ['USER_ALREADY_EXISTS', 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL']) {
      const { fieldErrors, formError } = signUpError({ status: 422, code })
      expect(fieldErrors).toEqual({})
      expect(formError).toBe(AUTH_TEXT.signUpFailed)
      expect(formError).not.toMatch(/exist/i)
    }
  })
})
