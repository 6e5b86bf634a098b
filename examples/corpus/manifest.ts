/**
 * The corpus: small Task API backends written the way real teams write them, each faithful to the
 * specification by default and with defects switched on by `DEFECTS=a,b`. For each defect, the
 * checklist items that must report it (FAIL for a `fail` item, WARN for a `warn` one, as
 * checklist/checklist.ts grades them). tests/check/corpus.test.ts runs every variant;
 * README.md beside this file is the human-readable table.
 */

export interface CorpusDefect {
  /** What the defect does, in the words of the backend's code. */
  what: string
  /** The checklist items that must report it. */
  items: string[]
  /**
   * What the item's summary line must name (the operation, or what was counted), default: a
   * contract operation or a method and path.
   */
  names?: RegExp
  /** Items that must NOT fail under this defect (e.g. blocked by it, and reported once elsewhere). */
  notFailing?: string[]
  /** Extra `tck check` arguments for this defect's run. */
  checkArgs?: string[]
}

export interface CorpusBackend {
  name: string
  /** The real-world shape it models. */
  models: string
  runtime: 'python' | 'node'
  /** Python: the folder holding app.py (served as app:app by uvicorn); Node: the entry file. */
  entry: string
  /** Python modules it imports (checked before it is started). */
  pythonModules?: string[]
  auth: 'jwks' | 'shared-secret'
  /** postgres: needs DATABASE_URL; upstream: forwards to a faithful pyjwt-jwks-sqlite. */
  needs?: ('postgres' | 'upstream')[]
  /** Environment beyond the auth settings. */
  env?: Record<string, string>
  /** Arguments `tck check` needs for this backend's shape. */
  checkArgs: string[]
  defects: Record<string, CorpusDefect>
}

const PYJWT = ['fastapi', 'uvicorn', 'jwt', 'cryptography']
/** Any contract operation, or a method and a path: how a summary line names the request. */
export const NAMES_OPERATION = /\b(listTasks|createTask|getTask|updateTask|deleteTask|toggleTaskCompletion)\b|\b(GET|POST|PUT|PATCH|DELETE|OPTIONS) \//

export const CORPUS: readonly CorpusBackend[] = [
  {
    name: 'pyjwt-jwks-sqlite',
    models: 'FastAPI + PyJWT verifying EdDSA via the JWKS (own kid cache), SQLAlchemy 1.4 on SQLite, lax pydantic, UUID string ids',
    runtime: 'python',
    entry: 'pyjwt-jwks-sqlite',
    pythonModules: [...PYJWT, 'sqlalchemy'],
    auth: 'jwks',
    checkArgs: [],
    defects: {
      'missing-token-403': { what: 'HTTPBearer() (auto_error): FastAPI < 0.122 answers 403 without a header', items: ['SPEC-004', 'AUTH-001'] },
      'no-iss-aud': { what: 'iss and aud not checked (verify_aud off, no issuer)', items: ['AUTH-015', 'AUTH-016'] },
      'ignore-nbf': { what: 'options={"verify_nbf": False, "verify_iat": False}', items: ['AUTH-014'] },
      'query-param-500': { what: '?sort_by= passed to getattr(Task, …) and ORDER BY', items: ['INPUT-010'] },
      'hs256-second-path': { what: 'HS256 also accepted, keyed with BETTER_AUTH_SECRET or "your-secret-key"', items: ['AUTH-023'] },
      'exp-overflow-500': { what: 'only jwt.PyJWTError caught: exp = 1e400 raises OverflowError', items: ['AUTH-022'] },
    },
  },
  {
    name: 'jose-hs256-postgres',
    models: 'FastAPI + python-jose HS256 with BETTER_AUTH_SECRET (spec file 002), SQLAlchemy on PostgreSQL, integer ids, wrapped bodies, naive timestamps',
    runtime: 'python',
    entry: 'jose-hs256-postgres',
    pythonModules: ['fastapi', 'uvicorn', 'jose', 'sqlalchemy', 'psycopg2'],
    auth: 'shared-secret',
    needs: ['postgres'],
    checkArgs: [],
    defects: {
      'no-exp-required': { what: "python-jose's default: exp not required", items: ['AUTH-018'] },
      'ignore-crit': { what: "python-jose's default: an unknown crit header is ignored", items: ['AUTH-012'] },
      'wrong-user-401': { what: "another user's path answers 401 instead of 403", items: ['SPEC-002', 'BOLA-001'] },
      'forbidden-on-foreign-task': { what: 'task looked up by id alone, then 403 if not yours (existence oracle)', items: ['BOLA-002'] },
      'no-title-limits': { what: 'plain str title and description', items: ['INPUT-001', 'INPUT-002'] },
      'nul-500': { what: 'no NUL check: PostgreSQL refuses U+0000, the request is a 500', items: ['INPUT-007'] },
      'put-wipes-description': { what: 'PUT replaces description (absent → NULL)', items: ['DATA-002'] },
    },
  },
  {
    name: 'no-prefix-users-table',
    models: 'FastAPI + PyJWT (JWKS) in an HTTP middleware, routes at /{user_id}/tasks, own users table (FK), error envelope {"error": {code, message}}',
    runtime: 'python',
    entry: 'no-prefix-users-table',
    pythonModules: [...PYJWT, 'sqlalchemy'],
    auth: 'jwks',
    env: { USERS: 'alice_id,bob_id' },
    checkArgs: ['--base-path', '/', '--users', 'alice_id,bob_id'],
    defects: {
      'delete-oracle': {
        what: "DELETE: unscoped 404 check, scoped delete (another user's task → 204, unknown → 404)",
        items: ['BOLA-002'],
        names: /deleteTask|DELETE \//,
      },
      'list-all-users': { what: 'the list query forgot WHERE user_id', items: ['BOLA-003'] },
      'frozen-updated-at': { what: 'updated_at never touched after insert', items: ['DATA-003'] },
    },
  },
  {
    name: 'nextjs-proxy',
    models: 'Next.js 16 route handlers (app/api/[user_id]/tasks/**) forwarding with fetch to pyjwt-jwks-sqlite, same origin (no CORS)',
    runtime: 'node',
    entry: 'nextjs-proxy/server.ts',
    auth: 'jwks',
    needs: ['upstream'],
    checkArgs: ['--no-cors'],
    defects: {
      'decode-path': { what: 'route params forwarded decoded: ..%2F and %23 reach other backend routes', items: ['INPUT-011'] },
      'patch-body-500': {
        what: 'await request.json() on the body-less PATCH …/complete',
        items: ['SPEC-006'],
        names: /toggleTaskCompletion|PATCH \//,
        notFailing: ['AUTH-001'],
      },
    },
  },
  {
    name: 'set-complete-patch',
    models: 'FastAPI + PyJWT PyJWKClient, in-memory dict, bare-array list, PATCH …/complete SETS completed from a required body (in its /openapi.json)',
    runtime: 'python',
    entry: 'set-complete-patch',
    pythonModules: PYJWT,
    auth: 'jwks',
    checkArgs: [],
    defects: {
      'jwks-every-unknown-kid': { what: 'PyJWKClient as documented: every unknown kid refetches the JWKS', items: ['JWKS-002'], names: /JWKS fetch/ },
      'jwks-outage-500': { what: 'PyJWKClient, and a failed JWKS fetch is a 500 naming the JWKS URL', items: ['JWKS-004'] },
      'validate-before-ownership': { what: "the spec sketch's verify_user_ownership() inside the endpoint (after body validation)", items: ['BOLA-005'] },
      'description-null-ignored': { what: '"if body.description is not None"', items: ['DATA-004'] },
    },
  },
  {
    name: 'express-style-node',
    models: 'Fastify + jose createRemoteJWKSet (EdDSA), @fastify/cors, JSON-schema routes, async in-memory repository',
    runtime: 'node',
    entry: 'express-style-node/server.ts',
    auth: 'jwks',
    checkArgs: [],
    defects: {
      'leeway-10-minutes': { what: "clockTolerance: '10 minutes'", items: ['AUTH-013'] },
      'jwks-every-request': { what: 'createRemoteJWKSet() inside the auth hook', items: ['JWKS-001'], names: /JWKS fetch/ },
      'lost-toggles': { what: 'read, await, write on toggle', items: ['DATA-001'] },
      'mass-assignment': { what: '{ ...defaults, ...request.body } on create, Object.assign on update', items: ['BOLA-004'] },
      'cors-reflect-any': { what: '@fastify/cors { origin: true, credentials: true }', items: ['CORS-002', 'CORS-003'] },
      'trust-infinite-exp': { what: 'no Number.isFinite(exp): exp 1e400 never expires', items: ['AUTH-022'] },
    },
  },
]
