import { readFileSync } from 'node:fs'
import { LineCounter, parseDocument, isMap, isScalar } from 'yaml'

/**
 * Where each operation of an OpenAPI document is written: the line of its method key under its
 * path, read from the `yaml` package's source ranges. JSON is YAML, so a backend's own
 * `openapi.json` works the same as the contract's YAML.
 */

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])

/** One operation of a document and the place it is written. */
export interface OperationLocation {
  operationId?: string
  /** Upper-case HTTP method. */
  method: string
  /** The path template as written, e.g. `/api/{user_id}/tasks/{task_id}`. */
  path: string
  /** 1-based line and column of the method key. */
  line: number
  column: number
}

/** The operations of an OpenAPI file, its path items (method `*`) and the line of its `paths` key (a fallback location). */
export interface OpenApiLocations {
  file: string
  operations: OperationLocation[]
  pathItems: OperationLocation[]
  pathsLine: number
}

/** Reads the operations of the OpenAPI document at `file` (YAML or JSON) with their lines. @throws when unreadable or unparsable. */
export function readOperationLocations(file: string): OpenApiLocations {
  const lineCounter = new LineCounter()
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter })
  if (doc.errors.length > 0) throw new Error(`not YAML or JSON: ${doc.errors[0]!.message.split('\n')[0]}`)
  const at = (offset: number | undefined) => lineCounter.linePos(offset ?? 0)
  const operations: OperationLocation[] = []
  const pathItems: OperationLocation[] = []
  const paths = doc.get('paths', true)
  const pathsKey = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'paths')?.key : undefined
  for (const pathPair of isMap(paths) ? paths.items : []) {
    if (!isScalar(pathPair.key) || !isMap(pathPair.value)) continue
    const itemPos = at(pathPair.key.range?.[0])
    pathItems.push({ method: '*', path: String(pathPair.key.value), line: itemPos.line, column: itemPos.col })
    for (const opPair of pathPair.value.items) {
      if (!isScalar(opPair.key) || !METHODS.has(String(opPair.key.value))) continue
      const pos = at(opPair.key.range?.[0])
      const id = isMap(opPair.value) ? opPair.value.get('operationId') : undefined
      operations.push({
        ...(typeof id === 'string' && { operationId: id }),
        method: String(opPair.key.value).toUpperCase(),
        path: String(pathPair.key.value),
        line: pos.line,
        column: pos.col,
      })
    }
  }
  return { file, operations, pathItems, pathsLine: at(isScalar(pathsKey) ? pathsKey.range?.[0] : 0).line }
}

/** Why `file` cannot serve as a backend's OpenAPI file (unreadable, not YAML/JSON, no operations), or undefined when it can. */
export function openApiFileProblem(file: string): string | undefined {
  try {
    if (readOperationLocations(file).operations.length > 0) return undefined
    return `--openapi ${file}: no operations under "paths"`
  } catch (error) {
    return `--openapi ${file}: ${(error as Error).message.split('\n')[0]}`
  }
}

/** Path segments with every `{param}` made alike, so `/u/{user_id}` and `/u/{uid}` compare equal. */
const segments = (path: string) =>
  path
    .replace(/\/+$/, '')
    .split('/')
    .filter(Boolean)
    .map((s) => (/^\{.+\}$/.test(s) ? '{}' : s))

/** A contract template's segments after its `/api` prefix, which a backend's base path replaces (`/v1`, none). */
const core = (path: string) => {
  const all = segments(path)
  return all[0] === 'api' ? all.slice(1) : all
}

/** Whether `segs` ends with the segments of `template` (`{}` fits any one) after a parameter-free prefix. */
const endsWith = (segs: string[], template: string[], any: boolean) => {
  const start = segs.length - template.length
  return start >= 0 && !segs.slice(0, start).includes('{}') && template.every((s, i) => s === segs[start + i] || (any && s === '{}'))
}

/** Whether a backend's path template is the contract's `contractPath` under its own base path (parameter names aside). */
export function samePathShape(contractPath: string, backendPath: string): boolean {
  return endsWith(segments(backendPath), core(contractPath), false)
}

/**
 * The operation a concrete request went to: its method (any, for path items), and a path that ends
 * with the template after the contract's `/api` (the backend's base path may differ); the most
 * specific one wins.
 */
export function matchRequest(operations: OperationLocation[], method: string, pathname: string): OperationLocation | undefined {
  const actual = pathname.split('/').filter(Boolean)
  const fits = (op: OperationLocation) => (op.method === '*' || op.method === method.toUpperCase()) && endsWith(actual, core(op.path), true)
  return operations.filter(fits).sort((a, b) => segments(b.path).length - segments(a.path).length)[0]
}
