import { loadContract } from '../../contracts/load-contract.ts'
import type { OpenApiDocument } from '../../contracts/load-contract.ts'

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const

/** Named examples one or more operations document for one status, as `Prefer: example=` selects them. */
export interface PreferExampleGroup {
  /** Documented status, e.g. `'401'`. */
  status: string
  /** Example names in contract order; names under a non-first media type carry it, e.g. `fastapi (Accept: application/json)`. */
  examples: string[]
  /** Operations documenting exactly these examples for this status. */
  operationIds: string[]
}

/**
 * Lists the contract's named response examples grouped by status, for `Prefer` hints. Prism
 * answers the first media type of a response unless `Accept` asks for another, and looks an
 * example name up only in the chosen status (the success one unless `code=` says otherwise).
 * @param doc the contract as written (`$ref`s intact). Default `contracts/task-api.yaml`.
 */
export function listPreferExamples(doc: OpenApiDocument = loadContract()): PreferExampleGroup[] {
  const groups = new Map<string, PreferExampleGroup>()
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as Record<string, any> | undefined
      if (!op || typeof op.operationId !== 'string') continue
      for (const [status, ref] of Object.entries<Record<string, any>>(op.responses ?? {})) {
        const examples = exampleNames(deref(doc, ref))
        if (examples.length === 0) continue
        const key = `${status} ${examples.join(',')}`
        const group = groups.get(key) ?? { status, examples, operationIds: [] }
        group.operationIds.push(op.operationId)
        groups.set(key, group)
      }
    }
  }
  return [...groups.values()].sort((a, b) => Number(a.status) - Number(b.status))
}

/**
 * Text for a terminal: `  200  listTasks: tasks, emptyList` for one operation; for a group
 * shared by several, the names first and `       in listTasks, createTask, …` below them.
 */
export function formatPreferExamples(groups: readonly PreferExampleGroup[]): string {
  return groups
    .map((g) =>
      g.operationIds.length === 1
        ? `  ${g.status}  ${g.operationIds[0]}: ${g.examples.join(', ')}\n`
        : `  ${g.status}  ${g.examples.join(', ')}\n       in ${g.operationIds.join(', ')}\n`,
    )
    .join('')
}

function exampleNames(response: Record<string, any>): string[] {
  const names: string[] = []
  Object.entries<Record<string, any>>(response.content ?? {}).forEach(([mediaType, media], index) => {
    for (const name of Object.keys(media.examples ?? {})) {
      names.push(index === 0 ? name : `${name} (Accept: ${mediaType})`)
    }
  })
  return names
}

/** Follows local `$ref`s (`#/components/...`), which is all the contract uses. */
function deref(doc: OpenApiDocument, node: Record<string, any>): Record<string, any> {
  let current = node
  for (let hops = 0; typeof current?.$ref === 'string' && hops < 10; hops++) {
    const path = (current.$ref as string).replace(/^#\//, '').split('/')
    current = path.reduce<any>((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
  }
  return current ?? {}
}
