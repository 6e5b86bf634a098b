import type { OpenApiDocument } from './openapi-document.ts'
import { TASK_API_DOCUMENT } from './generated/task-api-document.ts'

/**
 * The document with every local `$ref` (`#/components/...`) replaced by its target, as
 * json-schema-ref-parser's `dereference()` does for them: a target referenced twice is ONE object
 * (so caches keyed by schema object, like the validator's, compile it once) and the input is not
 * modified. Browser-safe (no file access, no ref-parser): external refs and circular refs throw,
 * which the Task API contract has neither of. `doc` defaults to the generated Task API document.
 */
export function dereferenceContract(doc: OpenApiDocument = TASK_API_DOCUMENT): OpenApiDocument {
  const copies = new Map<object, unknown>()
  const inProgress = new Set<object>()

  const resolve = (ref: string): unknown => {
    if (!ref.startsWith('#/')) throw new Error(`Only local $refs ("#/...") can be resolved without a file loader: ${ref}`)
    let target: unknown = doc
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~')
      target = isObject(target) || Array.isArray(target) ? (target as Record<string, unknown>)[key] : undefined
      if (target === undefined) throw new Error(`$ref ${ref} points at nothing in the document`)
    }
    return target
  }

  const copy = (node: unknown): unknown => {
    if (!isObject(node) && !Array.isArray(node)) return node
    const done = copies.get(node)
    if (done !== undefined) return done
    if (inProgress.has(node)) throw new Error('The document has a circular $ref; it cannot be dereferenced into plain objects')
    inProgress.add(node)
    try {
      const ref = isObject(node) ? node.$ref : undefined
      // A reference object stands for its target: both end up as the one copy of the target.
      const result =
        typeof ref === 'string'
          ? copy(resolve(ref))
          : Array.isArray(node)
            ? node.map(copy)
            : Object.fromEntries(Object.entries(node).map(([key, value]) => [key, copy(value)]))
      copies.set(node, result)
      return result
    } finally {
      inProgress.delete(node)
    }
  }

  return copy(doc) as OpenApiDocument
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
