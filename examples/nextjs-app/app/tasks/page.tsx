import { TaskBoard } from '@/components/task-board'

export const metadata = { title: 'My tasks · Evo-TODO' }

export default function TasksPage() {
  return <TaskBoard />
}
