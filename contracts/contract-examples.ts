import type { OpenApiDocument } from './load-contract.ts'

/** One example of the contract together with the schema it illustrates. */
export interface ContractExample {
  /** Where it sits, e.g. `components.responses.Unauthorized application/problem+json`. */
  location: string
  /** The key under `examples`, or `example` for the singular field. */
  name: string
  /** Schema of the media type, parameter or header the example is attached to, if any. */
  schema: object | undefined
  /** The example value; `undefined` when only `externalValue` is given. */
  value: unknown
  /** Set when the example points at an external file instead of carrying a value. */
  externalValue?: string
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/**
 * Lists every example attached to a media type, parameter or header of a DEREFERENCED contract
 * (`loadDereferencedContract`), so `components.examples` appear where they are referenced.
 * Shared components are listed once, under their component name; inline ones under their operation.
 */
export function listExamples(doc: OpenApiDocument): ContractExample[] {
  const found: ContractExample[] = []
  const seen = new Set<object>()

  // Visits an object that may carry `schema` plus `example`/`examples` (media type, parameter, header).
  const holder = (node: unknown, location: string): void => {
    if (!isObject(node) || seen.has(node)) return
    seen.add(node)
    const schema = isObject(node.schema) ? node.schema : undefined
    if ('example' in node) found.push({ location, name: 'example', schema, value: node.example })
    for (const [name, example] of Object.entries<unknown>(isObject(node.examples) ? node.examples : {})) {
      if (!isObject(example)) continue
      const entry: ContractExample = { location, name, schema, value: example.value }
      if (typeof example.externalValue === 'string') entry.externalValue = example.externalValue
      found.push(entry)
    }
    for (const [mediaType, media] of Object.entries<unknown>(isObject(node.content) ? node.content : {})) {
      holder(media, `${location} ${mediaType}`)
    }
  }
  const response = (node: unknown, location: string): void => {
    if (!isObject(node)) return
    for (const [name, header] of Object.entries<unknown>(isObject(node.headers) ? node.headers : {})) {
      holder(header, `${location} header ${name}`)
    }
    holder(node, location)
  }
  const parameters = (list: unknown, location: string): void => {
    for (const p of Array.isArray(list) ? list : []) holder(p, `${location} parameter ${isObject(p) ? p.name : '?'}`)
  }

  // Components first, so shared objects are named after their component rather than a first user.
  const c = doc.components ?? {}
  for (const [name, node] of Object.entries<unknown>(c.responses ?? {})) response(node, `components.responses.${name}`)
  for (const [name, node] of Object.entries<unknown>(c.requestBodies ?? {})) holder(node, `components.requestBodies.${name}`)
  for (const [name, node] of Object.entries<unknown>(c.parameters ?? {})) holder(node, `components.parameters.${name}`)
  for (const [name, node] of Object.entries<unknown>(c.headers ?? {})) holder(node, `components.headers.${name}`)

  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    parameters(item.parameters, path)
    for (const method of HTTP_METHODS) {
      const op = item[method]
      if (!isObject(op)) continue
      const where = `${method.toUpperCase()} ${path}`
      parameters(op.parameters, where)
      holder(op.requestBody, `${where} request`)
      for (const [status, node] of Object.entries<unknown>(isObject(op.responses) ? op.responses : {})) {
        response(node, `${where} ${status}`)
      }
    }
  }
  return found
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
