import { describe, expect, it } from 'vitest'
import { problem } from '../../contracts/error-registry.ts'
import { ApiError, abortedError, isApiError, networkError, toApiError } from '../../web/api-client/index.ts'

describe('toApiError', () => {
  it('reads RFC 9457 problem details with the registry code and errors', () => {
    const body = problem('VALIDATION_FAILED', {
      errors: [
        { loc: ['body', 'title'], msg: 'String should have at least 1 character', type: 'string_too_short' },
        { loc: ['body', 'title'], msg: 'second message for title', type: 'x' },
        { loc: ['body', 'description'], msg: 'too long', type: 'string_too_long' },
      ],
    })
    const error = toApiError({ status: 422 }, body)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 422,
      code: 'VALIDATION_FAILED',
      message: 'Request validation failed',
      retryable: false,
      fieldErrors: { title: 'String should have at least 1 character', description: 'too long' },
    })
  })

  it('reads FastAPI bodies: detail string, detail validation list', () => {
    expect(toApiError({ status: 401 }, { detail: 'Token has expired' })).toMatchObject({ code: 'AUTH_TOKEN_EXPIRED', message: 'Token has expired' })
    expect(toApiError({ status: 403 }, { detail: 'Nope' })).toMatchObject({ code: 'FORBIDDEN_USER_MISMATCH', message: 'Nope' })
    const list = toApiError({ status: 422 }, { detail: [{ loc: ['body', 'title'], msg: 'Field required', type: 'missing' }] })
    expect(list).toMatchObject({ code: 'VALIDATION_FAILED', message: 'Field required', fieldErrors: { title: 'Field required' } })
  })

  it('falls back on anything else', () => {
    expect(toApiError({ status: 502 }, '<html>Bad gateway</html>')).toMatchObject({ status: 502, code: 'UNKNOWN', message: 'HTTP 502', retryable: true })
    expect(toApiError({ status: 401 }, { detail: 'something custom' })).toMatchObject({ code: 'UNKNOWN', message: 'something custom' })
    expect(toApiError({ status: 404 }, undefined)).toMatchObject({ code: 'UNKNOWN', message: 'HTTP 404' })
    expect(toApiError({ status: 500 }, undefined)).toMatchObject({ code: 'INTERNAL_ERROR', message: 'Internal server error' })
  })

  it('network and abort errors have status 0', () => {
    const cause = new TypeError('Failed to fetch')
    expect(networkError(cause)).toMatchObject({ status: 0, code: 'NETWORK_ERROR', retryable: true, cause })
    expect(abortedError()).toMatchObject({ status: 0, code: 'ABORTED', retryable: false })
    expect(isApiError(abortedError())).toBe(true)
    expect(isApiError(new Error('x'))).toBe(false)
    expect(abortedError().name).toBe('ApiError')
  })
})
