// app/api/[user_id]/tasks/[task_id]/route.ts: read, update and delete one task.
import { bodyOf, forward, segment } from '../../../../../lib/backend.ts'

type Context = { params: Promise<{ user_id: string; task_id: string }> }

const path = async ({ params }: Context) => {
  const { user_id, task_id } = await params
  return `/api/${segment(user_id)}/tasks/${segment(task_id)}`
}

export async function GET(request: Request, context: Context) {
  return forward(request, await path(context))
}

export async function PUT(request: Request, context: Context) {
  return forward(request, await path(context), await bodyOf(request))
}

export async function DELETE(request: Request, context: Context) {
  return forward(request, await path(context))
}
