import type { Task } from '../../contracts/task-api-client.ts'

/** One valid Task, as the contract's `TaskOpen` example without a description. */
export const SAMPLE_TASK: Task = {
  id: '3f1c2a7e-8b4d-4e2a-9c61-0d5e7f3a9b12',
  user_id: 'user_alice',
  title: 'Buy milk',
  description: null,
  completed: false,
  created_at: '2026-01-14T09:30:00.000Z',
  updated_at: '2026-01-14T09:30:00.000Z',
}
