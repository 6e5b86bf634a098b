import type { CheckContext } from '../check-context.ts'

/**
 * Reads what a backend says about itself at `/openapi.json` (FastAPI serves it), so a create body
 * can carry fields the backend requires beyond the contract's — one shape difference must not
 * hide every security result that needs a task.
 */

type Schema = Record<string, any>
/** Per backend URL: `--compare` runs a second target in the same process. */
const cached = new Map<string, Promise<Schema | undefined>>()

/** The backend's OpenAPI document, fetched once per run; undefined when it serves none. */
export function backendOpenApi(ctx: CheckContext): Promise<Schema | undefined> {
  if (!cached.has(ctx.baseUrl)) {
    cached.set(
      ctx.baseUrl,
      fetch(`${ctx.baseUrl}/openapi.json`, { signal: AbortSignal.timeout(10_000) })
        .then(async (res) => (res.ok ? ((await res.json()) as Schema) : undefined))
        .then((doc) => (doc && typeof doc.paths === 'object' ? doc : undefined))
        .catch(() => undefined),
    )
  }
  return cached.get(ctx.baseUrl)!
}

/** `schema` with its local `$ref`s followed (JSON Pointer escapes included), up to 10 hops. */
export function resolve(doc: Schema, schema: Schema | undefined): Schema | undefined {
  let current = schema
  for (let i = 0; i < 10 && current?.$ref; i++) {
    current = String(current.$ref)
      .replace(/^#\//, '')
      .split('/')
      .reduce<any>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
  }
  return current
}

/** A plain value of the schema's type, for a required field the contract does not know. */
function sample(doc: Schema, schema: Schema | undefined): unknown {
  const s = resolve(doc, schema) ?? {}
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0]
  if (s.default !== undefined) return s.default
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : (s.type ?? (s.anyOf ? resolve(doc, s.anyOf[0])?.type : undefined))
  if (type === 'integer' || type === 'number') return s.minimum ?? 1
  if (type === 'boolean') return false
  if (type === 'array') return []
  if (type === 'object') return {}
  return s.format === 'date-time' ? new Date().toISOString() : 'tck'
}

/**
 * Adds to `body` every property the backend's create operation requires and `body` lacks.
 * Returns `body` unchanged when the backend publishes no OpenAPI or requires nothing more.
 */
export async function completeCreateBody(ctx: CheckContext, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const doc = await backendOpenApi(ctx)
  if (!doc) return body
  const wanted = `${ctx.basePath}/{}/tasks`
  const entry = Object.entries<Schema>(doc.paths).find(([path, item]) => path.replace(/\{[^}]+\}/g, '{}') === wanted && item.post)
  const media = entry?.[1].post.requestBody?.content?.['application/json']
  const schema = resolve(doc, media?.schema)
  const required: string[] = Array.isArray(schema?.required) ? schema.required : []
  const missing = required.filter((name) => !(name in body))
  if (missing.length === 0) return body
  return { ...body, ...Object.fromEntries(missing.map((name) => [name, sample(doc, schema?.properties?.[name])])) }
}

/**
 * The body `PATCH …/complete` requires, when the backend's OpenAPI says it requires one (a backend
 * that sets the flag from `{"completed": true}` instead of toggling); undefined otherwise.
 */
export async function toggleBodyFromOpenApi(ctx: CheckContext): Promise<Record<string, unknown> | undefined> {
  const doc = await backendOpenApi(ctx)
  if (!doc) return undefined
  const wanted = `${ctx.basePath}/{}/tasks/{}/complete`
  const entry = Object.entries<Schema>(doc.paths).find(([path, item]) => path.replace(/\{[^}]+\}/g, '{}') === wanted && item.patch)
  const requestBody = resolve(doc, entry?.[1].patch.requestBody)
  if (!requestBody?.required) return undefined
  const schema = resolve(doc, requestBody.content?.['application/json']?.schema)
  const required: string[] = Array.isArray(schema?.required) ? schema.required : []
  return Object.fromEntries(required.map((name) => [name, name === 'completed' ? true : sample(doc, schema?.properties?.[name])]))
}
