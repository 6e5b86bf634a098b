import { UserTaskList } from '@/components/user-task-list'

export const metadata = { title: 'Shared tasks · Evo-TODO' }

export default function UserTasksPage() {
  return <UserTaskList />
}
