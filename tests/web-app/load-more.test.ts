/** "Load more" of the task board (web/app/use-load-more.ts): how a next page joins the tasks shown. */
import { describe, expect, it } from 'vitest'
import type { Task, TaskList } from '../../web/api-client/index.ts'
import { appendPage } from '../../web/app/use-load-more.ts'
import { SAMPLE_TASK } from '../support/sample-task.ts'

const task = (id: string): Task => ({ ...SAMPLE_TASK, id, title: id })
const list = (ids: string[], count: number): TaskList => ({ data: ids.map(task), count })

describe('appendPage', () => {
  it('appends the next page after the tasks shown and takes its total', () => {
    expect(appendPage(list(['c', 'b'], 3), list(['a'], 3))).toEqual(list(['c', 'b', 'a'], 3))
  })

  it('never shows a task twice when the pages shifted in between (a task created elsewhere)', () => {
    // "d" was created elsewhere: the page after 2 now starts with "b", already shown.
    expect(appendPage(list(['c', 'b'], 3), list(['b', 'a'], 4))).toEqual(list(['c', 'b', 'a'], 4))
  })
})
