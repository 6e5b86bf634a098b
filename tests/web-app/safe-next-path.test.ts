import { describe, expect, it } from 'vitest'
import { nextQuery, safeNextPath } from '../../web/app/safe-next-path.ts'

describe('safeNextPath', () => {
  it('keeps a local path with its query', () => {
    expect(safeNextPath('/tasks/42?tab=1')).toBe('/tasks/42?tab=1')
    expect(safeNextPath('/users/user_bob/tasks')).toBe('/users/user_bob/tasks')
  })

  it.each([
    ['missing', null],
    ['empty', ''],
    ['protocol-relative', '//evil.test/phish'],
    ['backslash (browsers read /\\ as //)', '/\\evil.test'],
    ['absolute URL', 'https://evil.test/'],
    ['javascript: URL', 'javascript:alert(1)'],
    ['relative path', 'tasks'],
    ['tab that URL parsing strips', '/\t/evil.test'],
  ])('falls back to /tasks for a %s', (_name, next) => {
    expect(safeNextPath(next)).toBe('/tasks')
  })
})

describe('nextQuery', () => {
  it('encodes the path, and is empty without one', () => {
    expect(nextQuery('/tasks?x=1&y=2')).toBe('next=%2Ftasks%3Fx%3D1%26y%3D2')
    expect(nextQuery(null)).toBe('')
  })
})
