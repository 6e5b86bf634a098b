import { CONTRACT_PATH } from '../../contracts/load-contract.ts'
import { spawnPrism } from './spawn-prism.ts'
import type { PrismServer } from './spawn-prism.ts'

/** Options shared by the mock and the proxy. */
export interface PrismCommonOptions {
  /** TCP port; 0 picks a free one. Default 4010 (Prism's own default). */
  port?: number
  /** Bind address. Default `'127.0.0.1'`. */
  host?: string
  /**
   * Turn response violations marked as errors into a 500 problem+json response (Prism `--errors`),
   * and refuse invalid requests instead of answering them. Default false: violations are only
   * logged and listed in the `sl-violations` response header.
   */
  errors?: boolean
  /** OpenAPI document to serve. Default `contracts/task-api.yaml`. */
  contractPath?: string
  /** Milliseconds to wait for Prism to listen. Default 30 000. */
  timeoutMs?: number
  /** Receives every chunk Prism logs (its request log and violations). */
  onOutput?: (text: string) => void
}

/** Options of {@link startPrismMock}. */
export interface PrismMockOptions extends PrismCommonOptions {
  /** Generate bodies from the schemas (json-schema-faker) instead of returning examples. Default false. */
  dynamic?: boolean
  /** Seed of the dynamic generator, so the same request gives the same body; only used with `dynamic`. Default 42. */
  seed?: number
}

/** Options of {@link startPrismProxy}. */
export interface PrismProxyOptions extends PrismCommonOptions {
  /** Base URL of the real backend every request is forwarded to, e.g. `http://127.0.0.1:8000`. */
  target: string
}

/**
 * Starts `prism mock` on the contract and resolves once it is listening. Static by default: each
 * response is a named example of the contract (`Prefer: example=<name>`, `Prefer: code=<status>`).
 */
export function startPrismMock(options: PrismMockOptions = {}): Promise<PrismServer> {
  const seed = options.seed ?? 42
  if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`)
  return spawnPrism({
    command: 'mock',
    positionals: [options.contractPath ?? CONTRACT_PATH],
    flags: [...commonFlags(options), ...(options.dynamic ? ['-d', '--seed', String(seed)] : [])],
    ...where(options),
  })
}

/**
 * Starts `prism proxy` (a validation proxy) in front of `target` and resolves once it is listening.
 * Requests and the backend's responses are checked against the contract on the way through.
 */
export function startPrismProxy(options: PrismProxyOptions): Promise<PrismServer> {
  if (!/^https?:\/\/[^/]/.test(options.target)) throw new TypeError(`target must be an http(s) URL, got "${options.target}"`)
  return spawnPrism({
    command: 'proxy',
    positionals: [options.contractPath ?? CONTRACT_PATH, options.target],
    flags: commonFlags(options),
    ...where(options),
  })
}

function commonFlags(options: PrismCommonOptions): string[] {
  // Prism's CORS (on by default) reflects any Origin with Allow-Credentials: true — more permissive
  // than `*`. The contract's CORS rules belong to the backend, so the mock must not fake them.
  return ['--cors=false', ...(options.errors ? ['--errors'] : [])]
}

function where(options: PrismCommonOptions) {
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 4010,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
  }
}
