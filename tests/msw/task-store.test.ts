import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TaskStore } from '../../mocks/msw/index.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/** A store whose clock stands still, so "strictly later" cannot come from the clock. */
const frozenStore = (at = Date.parse('2026-01-14T09:30:00.000Z')) => new TaskStore({ now: () => at })

describe('TaskStore', () => {
  it('creates a task: uuid, ISO timestamps with ms, equal at creation, open, description null by default', () => {
    const task = new TaskStore().create('alice', { title: 'Buy milk' })
    expect(task).toEqual({
      id: expect.stringMatching(UUID),
      user_id: 'alice',
      title: 'Buy milk',
      description: null,
      completed: false,
      created_at: expect.stringMatching(ISO_MS),
      updated_at: task.created_at,
    })
  })

  it("lists one user's tasks newest first, even when created within the same millisecond", () => {
    const store = frozenStore()
    const first = store.create('alice', { title: 'first' })
    store.create('bob', { title: "bob's" })
    const second = store.create('alice', { title: 'second' })
    expect(store.list('alice').map((t) => t.id)).toEqual([second.id, first.id])
    expect(store.list('carol')).toEqual([])
  })

  it('update changes only the given fields; omitted description is kept, null clears it', () => {
    const store = frozenStore()
    const task = store.create('alice', { title: 'Buy milk', description: 'two litres' })
    expect(store.update('alice', task.id, { title: 'Buy oat milk' })).toMatchObject({ title: 'Buy oat milk', description: 'two litres', completed: false })
    expect(store.update('alice', task.id, { completed: true })).toMatchObject({ title: 'Buy oat milk', description: 'two litres', completed: true })
    expect(store.update('alice', task.id, { description: null })).toMatchObject({ description: null, completed: true })
  })

  it('moves updated_at strictly forward (at least 1 ms) on every change, created_at never', () => {
    const store = frozenStore()
    const task = store.create('alice', { title: 't' })
    const stamps = [task.updated_at]
    stamps.push(store.update('alice', task.id, {})!.updated_at)
    stamps.push(store.toggle('alice', task.id)!.updated_at)
    stamps.push(store.toggle('alice', task.id)!.updated_at)
    const ms = stamps.map(Date.parse)
    for (let i = 1; i < ms.length; i += 1) expect(ms[i]! - ms[i - 1]!).toBeGreaterThanOrEqual(1)
    expect(store.get('alice', task.id)!.created_at).toBe(task.created_at)
  })

  it('toggle flips completed back and forth', () => {
    const store = new TaskStore()
    const { id } = store.create('alice', { title: 't' })
    expect(store.toggle('alice', id)!.completed).toBe(true)
    expect(store.toggle('alice', id)!.completed).toBe(false)
  })

  it("treats another user's task id as missing for get, update, toggle and delete, and leaves it unchanged", () => {
    const store = new TaskStore()
    const task = store.create('alice', { title: 'mine' })
    expect(store.get('bob', task.id)).toBeUndefined()
    expect(store.update('bob', task.id, { title: 'stolen' })).toBeUndefined()
    expect(store.toggle('bob', task.id)).toBeUndefined()
    expect(store.delete('bob', task.id)).toBe(false)
    expect(store.get('alice', task.id)).toEqual(task)
    expect(store.delete('alice', task.id)).toBe(true)
    expect(store.get('alice', task.id)).toBeUndefined()
  })

  it('hands out copies: changing a returned task changes nothing stored', () => {
    const store = new TaskStore()
    const task = store.create('alice', { title: 'original' })
    task.title = 'mutated'
    store.list('alice')[0]!.completed = true
    expect(store.get('alice', task.id)).toMatchObject({ title: 'original', completed: false })
  })

  it('seeds deterministically: the same seed gives the same tasks, another seed others', () => {
    const now = () => Date.parse('2026-01-14T12:00:00.000Z')
    const a = new TaskStore({ now }).seed(['alice', 'bob'], { seed: 7 })
    const b = new TaskStore({ now }).seed(['alice', 'bob'], { seed: 7 })
    const c = new TaskStore({ now }).seed(['alice', 'bob'], { seed: 8 })
    expect(a).toHaveLength(6)
    expect(b).toEqual(a)
    expect(c.map((t) => t.title)).not.toEqual(a.map((t) => t.title))
  })

  it('seeds valid tasks: perUser each, uuid ids, created in the past, newest first in the list', () => {
    const store = new TaskStore()
    store.seed(['alice'], { perUser: 5 })
    const list = store.list('alice')
    expect(list).toHaveLength(5)
    for (const task of list) {
      expect(task.id).toMatch(UUID)
      expect(Date.parse(task.updated_at)).toBeGreaterThanOrEqual(Date.parse(task.created_at))
      expect(Date.parse(task.created_at)).toBeLessThan(Date.now())
    }
    const created = list.map((t) => Date.parse(t.created_at))
    expect(created).toEqual([...created].sort((x, y) => y - x))
  })

  it('reset removes every task', () => {
    const store = new TaskStore()
    store.seed(['alice'])
    store.reset()
    expect(store.list('alice')).toEqual([])
  })

  it('all() and restore() round-trip every task with its id and timestamps, and restored tasks stay scoped', () => {
    const store = new TaskStore()
    store.seed(['alice', 'bob'], { perUser: 2 })
    const mine = store.create('alice', { title: 'Kept', description: 'as is' })
    store.toggle('alice', mine.id)
    const saved = store.all()
    expect(saved).toHaveLength(5)

    const copy = new TaskStore()
    copy.restore(saved)
    expect(copy.all()).toEqual(saved)
    expect(copy.get('alice', mine.id)).toMatchObject({ title: 'Kept', completed: true })
    expect(copy.get('bob', mine.id)).toBeUndefined()
    saved[0]!.title = 'changed outside'
    expect(copy.all()[0]!.title).not.toBe('changed outside')
  })
})

describe("the mock's task behaviour", () => {
  it("imports nothing of the reference server's task code it imitates (shared limits live in contracts/)", () => {
    const dir = join(import.meta.dirname, '../../mocks/msw')
    const importing = readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .filter((name) => /from '[./]*\/reference-server\/(tasks|http|db)\//.test(readFileSync(join(dir, name), 'utf8')))
    expect(importing).toEqual([])
  })
})
