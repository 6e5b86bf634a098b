import { toNextJsHandler } from 'better-auth/next-js'
import { getAuth } from '@/lib/auth'

/**
 * Better Auth's endpoints (`/api/auth/*`): sign-up, sign-in, session, sign-out, and the JWT
 * plugin's `token` and `jwks`. The instance is created on the first request (database + tables).
 */
export const { GET, POST } = toNextJsHandler(async (request: Request) => (await getAuth()).handler(request))

// Node runtime (PGlite, pg), never prerendered.
export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'
