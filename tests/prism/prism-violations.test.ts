import { describe, expect, it } from 'vitest'
import { parseViolations, parseViolationsHeader } from '../../mocks/prism/index.ts'

// The exact shape prism-http-server 5.x writes: JSON.stringify of {location, severity, code, message}[].
const HEADER =
  '[{"location":["request"],"severity":"Error","code":401,"message":"Invalid security scheme used"},' +
  '{"location":["response","body","count"],"severity":"Error","code":"type","message":"Response body property count must be integer"}]'

describe('parseViolations', () => {
  it('returns [] when there is no sl-violations header', () => {
    expect(parseViolations(new Headers())).toEqual([])
    expect(parseViolations(new Response('{}'))).toEqual([])
  })

  it('reads the JSON array from a Response or Headers', () => {
    const expected = [
      { location: ['request'], severity: 'Error', code: 401, message: 'Invalid security scheme used' },
      { location: ['response', 'body', 'count'], severity: 'Error', code: 'type', message: 'Response body property count must be integer' },
    ]
    expect(parseViolations(new Headers({ 'sl-violations': HEADER }))).toEqual(expected)
    expect(parseViolations(new Response(null, { headers: { 'SL-Violations': HEADER } }))).toEqual(expected)
  })

  it('turns numeric location parts into strings', () => {
    const value = '[{"location":["response","body","data",0],"severity":"Warning","code":"required","message":"m"}]'
    expect(parseViolationsHeader(value)[0]!.location).toEqual(['response', 'body', 'data', '0'])
  })

  it('keeps the complete entries of a header Prism truncated, and says it was truncated', () => {
    const cut = `Too many violations! ${HEADER.slice(0, HEADER.indexOf('"message":"Response body'))}`
    const violations = parseViolationsHeader(cut)
    expect(violations).toHaveLength(2)
    expect(violations[0]).toMatchObject({ location: ['request'], code: 401 })
    expect(violations[1]).toMatchObject({ code: 'truncated', severity: 'Error' })
  })

  it("throws on a header that is not Prism's JSON array", () => {
    expect(() => parseViolationsHeader('{"a":1}')).toThrow(/not a JSON array/)
    expect(() => parseViolationsHeader('[1]')).toThrow(/not a violation/)
    expect(() => parseViolationsHeader('nonsense')).toThrow()
  })
})
