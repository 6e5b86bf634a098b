/**
 * The files of the throwaway consumer project the package test installs the tarball into. Kept as
 * text: as .ts files under tests/ the repo's own typecheck would resolve `tasks-tck/*` to a dist/
 * that may not be built.
 */

/** A Node service's file importing every entry point, with checks that the types are real (not `any`). */
export const NODE_CONSUMER_TS = `import { CONTRACT_PATH, createContractValidator, ERRORS, loadContract, type ErrorCode, type paths, type Task } from 'tasks-tck/contract'
import { ApiError, createApiClient, createTaskApiClient, type ApiClient } from 'tasks-tck/client'
import { createMockHandlers, createNodeMockHandlers, startMockServer } from 'tasks-tck/msw'
import { startMockWorker } from 'tasks-tck/msw/browser'
import { createIssuer } from 'tasks-tck/issuer'
import { buildApp, loadConfig, startServer, type ServerConfig } from 'tasks-tck/server'
import { checkBackend, CHECKLIST, type CheckBackendResult, type ItemOutcome } from 'tasks-tck/checklist'

const notFound: 404 = ERRORS.TASK_NOT_FOUND.status
const code: ErrorCode = 'TASK_NOT_FOUND'
// @ts-expect-error a code the registry does not have
const wrong: ErrorCode = 'NO_SUCH_CODE'
type ListTasks = paths['/api/{user_id}/tasks']['get']
const where: string = CONTRACT_PATH
const title: string = loadContract().info.title

export async function everyEntryPoint(): Promise<boolean> {
  const validator = await createContractValidator()
  validator.validateSchema('Task', {})
  const client: ApiClient = createApiClient({ baseUrl: 'http://127.0.0.1:8000', getToken: async () => null })
  const typed = createTaskApiClient({ baseUrl: 'http://127.0.0.1:8000' })
  const { data } = await typed.GET('/api/{user_id}/tasks', { params: { path: { user_id: 'user_alice' } } })
  const first: Task | undefined = data?.data[0]
  // @ts-expect-error not a path of the contract
  await typed.GET('/api/nothing-here')
  const issuer = await createIssuer()
  const token: string = await issuer.mint({ sub: 'user_alice' })
  const config: ServerConfig = loadConfig({ JWKS_URL: 'http://127.0.0.1:3000/api/auth/jwks', JWT_ISSUER: 'x', JWT_AUDIENCE: 'x', PGLITE_DATA_DIR: 'memory://' })
  const app = await buildApp(config)
  await app.close()
  const server = await startMockServer({ port: 0 })
  await server.close()
  const handlers = await createNodeMockHandlers()
  const result: CheckBackendResult = await checkBackend({ target: 'msw' })
  const outcome: ItemOutcome | undefined = result.items[CHECKLIST[0]!.id]?.outcome
  // @ts-expect-error the target is required
  await checkBackend({})
  return [notFound, code, wrong, where, title, client, first, token, handlers, outcome, ApiError, createMockHandlers, startMockWorker, startServer].length > 0 && result.ok
}
export type { ListTasks }
`

/** A frontend's file: only the browser entry points, type-checked with no Node types at all. */
export const BROWSER_CONSUMER_TS = `import { createApiClient, createTaskApiClient, isApiError, type Task } from 'tasks-tck/client'
import { startMockWorker } from 'tasks-tck/msw/browser'

export async function startApp(): Promise<Task[]> {
  const mock = await startMockWorker({ seed: { users: ['user_alice'] } })
  const token = await mock.issuer!.mint({ sub: 'user_alice' })
  const api = createApiClient({ baseUrl: '', getToken: async () => token })
  const typed = createTaskApiClient({ baseUrl: '' })
  await typed.GET('/health')
  try {
    return (await api.listTasks('user_alice')).data
  } catch (error) {
    if (isApiError(error)) return []
    throw error
  }
}
`

/** esbuild, as a frontend's bundler would run it: platform browser, no plugins; prints one JSON line. */
export const BUNDLE_MJS = `import { build } from 'esbuild'
const sizes = {}
for (const entry of ['tasks-tck/msw/browser', 'tasks-tck/client']) {
  const result = await build({
    stdin: { contents: \`export * from '\${entry}'\`, resolveDir: process.cwd(), loader: 'js' },
    bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', minify: true,
  })
  sizes[entry] = result.outputFiles[0].contents.length
}
console.log(JSON.stringify(sizes))
`

/**
 * tsconfig.json of a Node service (NodeNext) checking NODE_CONSUMER_TS. `skipLibCheck: false`, in
 * both configs: with it on, an import a shipped .d.ts cannot resolve (a file left out of dist/, a
 * devDependency's types) is silently `any` and the consumer's check proves nothing about it.
 */
export const NODE_TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
  files: ['node-consumer.ts'],
}

/** tsconfig of a bundled frontend (Bundler resolution, DOM, no Node types) checking BROWSER_CONSUMER_TS. */
export const BROWSER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: [],
  },
  files: ['browser-consumer.ts'],
}
