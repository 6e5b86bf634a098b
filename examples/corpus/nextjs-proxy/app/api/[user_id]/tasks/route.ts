// app/api/[user_id]/tasks/route.ts: list and create, forwarded to the backend.
import { bodyOf, forward, segment } from '../../../../lib/backend.ts'

type Context = { params: Promise<{ user_id: string }> }

export async function GET(request: Request, { params }: Context) {
  const { user_id } = await params
  return forward(request, `/api/${segment(user_id)}/tasks`)
}

export async function POST(request: Request, { params }: Context) {
  const { user_id } = await params
  return forward(request, `/api/${segment(user_id)}/tasks`, await bodyOf(request))
}
