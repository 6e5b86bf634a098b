/**
 * Generates contracts/generated/task-api-document.ts: the contract (task-api.yaml) as a module, so
 * code that cannot read files (a browser bundle, `tasks-tck/msw/browser`) has the same document.
 *
 *   node --import tsx contracts/render-contract-document.ts           # write it   (npm run gen:contract)
 *   node --import tsx contracts/render-contract-document.ts --check   # exit 1 when it is out of step (npm run check:contract)
 *
 * The document is kept as written, `$ref`s intact (18 KB, against 140 KB dereferenced):
 * `dereferenceContract()` resolves them where it is used.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadContract, type OpenApiDocument } from './load-contract.ts'

/** Absolute path of the generated module. */
export const CONTRACT_DOCUMENT_MODULE = fileURLToPath(new URL('./generated/task-api-document.ts', import.meta.url))

/** The text of the generated module for `doc` (default: task-api.yaml as parsed). */
export function renderContractDocument(doc: OpenApiDocument = loadContract()): string {
  return [
    '/**',
    ' * GENERATED from contracts/task-api.yaml by contracts/render-contract-document.ts',
    ' * (`npm run gen:contract`); do not edit. `npm run check:contract` (and a test) fail when it is out of step.',
    ' * The OpenAPI document as written, `$ref`s intact: the same object `loadContract()` reads from disk.',
    ' */',
    "import type { OpenApiDocument } from '../openapi-document.ts'",
    '',
    '/** The Task API contract. Shared by every importer: copy it (`structuredClone`) before changing anything. */',
    `export const TASK_API_DOCUMENT: OpenApiDocument = ${JSON.stringify(doc, null, 2)}`,
    '',
  ].join('\n')
}

/** True when the generated module on disk is exactly what {@link renderContractDocument} gives now. */
export async function contractDocumentInStep(): Promise<boolean> {
  const current = await readFile(CONTRACT_DOCUMENT_MODULE, 'utf8').catch(() => '')
  return current === renderContractDocument()
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const where = relative(process.cwd(), CONTRACT_DOCUMENT_MODULE)
  if (process.argv.includes('--check')) {
    if (!(await contractDocumentInStep())) {
      console.error(`${where} is out of step with the contract: run npm run gen:contract`)
      process.exit(1)
    }
    console.log(`${where} is in step with the contract`)
  } else {
    await writeFile(CONTRACT_DOCUMENT_MODULE, renderContractDocument())
    console.log(`Wrote ${where}`)
  }
}
