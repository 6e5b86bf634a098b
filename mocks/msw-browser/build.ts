/**
 * Builds the MSW browser demo (index.html + app.ts) into a folder of static files:
 *
 *   node --import tsx mocks/msw-browser/build.ts [outDir]              # default mocks/msw-browser/dist
 *   node --import tsx mocks/msw-browser/build.ts --serve [port]        # build, then serve on 127.0.0.1
 *
 * The shared modules the app uses (contract validator, simulated issuer, MSW handlers) import a few
 * Node built-ins that the browser code path never calls. Instead of changing those modules, the bundle:
 * - replaces contracts/load-contract.ts (node:fs, node:url, yaml) with a generated module holding the
 *   contract as loaded and dereferenced here, in Node, at build time;
 * - replaces every other `node:*` import with a stub whose functions throw when called (today:
 *   the issuer's HTTP server, key-file persistence, `node:path`, and the HS256-confusion hostile token);
 * - copies msw's own `mockServiceWorker.js`, so the worker always matches the installed msw version.
 */
import { build, type Plugin } from 'esbuild'
import { copyFile, mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONTRACT_PATH, loadDereferencedContract } from '../../contracts/load-contract.ts'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '../..')

/** Where `buildMockBrowserApp()` writes by default (gitignored). */
export const DEFAULT_OUT_DIR = join(HERE, 'dist')

/** The files a build writes into its output folder. */
export const BUILD_FILES = ['index.html', 'app.js', 'app.js.map', 'mockServiceWorker.js'] as const

/**
 * Bundles the demo into `outDir` (created when missing; only {@link BUILD_FILES} are written, nothing
 * is deleted) and returns `outDir`. Serve the folder at the ROOT of an origin: the worker script is
 * registered as `/mockServiceWorker.js` with scope `/`.
 */
export async function buildMockBrowserApp(outDir: string = DEFAULT_OUT_DIR): Promise<string> {
  const out = resolve(outDir)
  await mkdir(out, { recursive: true })
  const contract = await loadDereferencedContract()
  await build({
    entryPoints: [join(HERE, 'app.ts')],
    outfile: join(out, 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['es2022', 'chrome120'],
    sourcemap: 'linked',
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'silent',
    legalComments: 'none',
    plugins: [embeddedContract(contract), nodeBuiltinStubs()],
  })
  const require = createRequire(import.meta.url)
  await copyFile(require.resolve('msw/mockServiceWorker.js'), join(out, 'mockServiceWorker.js'))
  await copyFile(join(HERE, 'index.html'), join(out, 'index.html'))
  return out
}

/** esbuild plugin: contracts/load-contract.ts, swapped for the contract as data: same exports, no file access. */
export function embeddedContract(contract: unknown): Plugin {
  const target = resolve(ROOT, 'contracts/load-contract.ts')
  const json = JSON.stringify(contract)
  // A dereferenced contract has no `$ref` left, so createContractValidator() never calls json-schema-ref-parser.
  if (json.includes('"$ref"')) throw new Error('The dereferenced contract still contains $ref; cannot embed it')
  const path = relative(ROOT, CONTRACT_PATH)
  return {
    name: 'tck-embedded-contract',
    setup(b) {
      b.onLoad({ filter: /[\\/]contracts[\\/]load-contract\.ts$/ }, (args) => {
        if (resolve(args.path) !== target) return undefined
        return {
          loader: 'js',
          contents: `// Generated at build time: ${path}, dereferenced in Node.
const CONTRACT = JSON.parse(${JSON.stringify(json)})
export const CONTRACT_PATH = ${JSON.stringify(path)}
export function loadContract() {
  throw new Error('loadContract() reads ${path} from disk, which a browser cannot; loadDereferencedContract() serves the embedded copy')
}
export async function loadDereferencedContract(path) {
  if (path !== undefined && path !== CONTRACT_PATH) throw new Error('Only the embedded contract (' + CONTRACT_PATH + ') exists in the browser')
  return structuredClone(CONTRACT)
}
`,
        }
      })
    },
  }
}

/**
 * `node:*` imports become modules exporting the same names as the real built-in (read from Node
 * itself), each a function that throws when called, so a browser code path that truly needs one
 * fails loudly with the module and member named instead of at bundle time.
 */
export function nodeBuiltinStubs(): Plugin {
  return {
    name: 'tck-node-builtin-stubs',
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'tck-node-stub' }))
      b.onLoad({ filter: /.*/, namespace: 'tck-node-stub' }, async (args) => {
        const real = (await import(args.path)) as Record<string, unknown>
        const names = Object.keys(real).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name))
        const lines = [
          `const stub = (name) => function () { throw new Error(${JSON.stringify(args.path)} + '.' + name + ' is not available in the browser (stubbed at build time)') }`,
          ...names.map((name, i) => `const s${i} = stub(${JSON.stringify(name)})`),
          `export { ${names.map((name, i) => `s${i} as ${name}`).join(', ')} }`,
          `export default new Proxy({}, { get: (_, name) => stub(String(name)) })`,
        ]
        return { loader: 'js', contents: lines.join('\n') }
      })
    },
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const args = process.argv.slice(2)
  const serveAt = args.indexOf('--serve')
  const port = serveAt >= 0 && /^\d+$/.test(args[serveAt + 1] ?? '') ? Number(args[serveAt + 1]) : 5173
  const outArg = args.find((arg, i) => !arg.startsWith('--') && !(serveAt >= 0 && i === serveAt + 1))
  const out = await buildMockBrowserApp(outArg ?? DEFAULT_OUT_DIR)
  console.log(`Built the MSW browser demo into ${relative(process.cwd(), out) || '.'}`)
  if (serveAt >= 0) {
    const { serveStatic } = await import('../../shared/http/static-server.ts')
    const server = await serveStatic(out, { port })
    console.log(`Serving ${server.url}/  (every /api answer comes from the MSW worker; stop with Ctrl+C)`)
    const stop = () => void server.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  } else {
    console.log('Serve that folder at the root of any static server, or run this script with --serve [port].')
  }
}
