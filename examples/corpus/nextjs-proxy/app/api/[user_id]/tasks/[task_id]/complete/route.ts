// app/api/[user_id]/tasks/[task_id]/complete/route.ts: toggle completion.
import { bodyOf, forward, segment } from '../../../../../../lib/backend.ts'
import { defects } from '../../../../../../lib/defects.ts'

type Context = { params: Promise<{ user_id: string; task_id: string }> }

export async function PATCH(request: Request, { params }: Context) {
  const { user_id, task_id } = await params
  const path = `/api/${segment(user_id)}/tasks/${segment(task_id)}/complete`
  if (defects.has('patch-body-500')) {
    // "every mutation sends JSON": throws on the body-less PATCH the frontend actually sends
    const body = await request.json()
    return forward(request, path, JSON.stringify(body))
  }
  return forward(request, path, await bodyOf(request))
}
