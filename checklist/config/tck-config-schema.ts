/**
 * The JSON schema of `tck.config.json[c]` (draft 2020-12, the subset ajv 8 and editors read). A TS
 * const, so the code validates against it without reading a file; the build also writes it to
 * `dist/tck.config.schema.json` ({@link writeConfigSchema}) for editors (`"$schema"` in the file).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const url = { type: 'string', pattern: '^https?://' } as const

/** The schema {@link loadTckConfig} validates against; unknown keys are errors (a typo is not silently ignored). */
export const TCK_CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'tck.config.json',
  description: 'Settings of `tck check` (tasks-tck). Flags given on the command line win. Secrets never go here: TCK_SECRET comes from the environment.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'the JSON schema editors read (node_modules/tasks-tck/dist/tck.config.schema.json)' },
    target: { type: 'string', description: 'reference, msw, prism or the backend URL (--target)' },
    auth: {
      type: 'object',
      additionalProperties: false,
      description: 'how tokens are made (--auth and its options); the shared secret is TCK_SECRET in the environment, never here',
      properties: {
        mode: { enum: ['jwks', 'shared-secret', 'better-auth'], description: 'jwks (default), shared-secret or better-auth (--auth)' },
        issuerUrl: { ...url, description: 'jwks: a running simulated issuer, e.g. one started with `tck issuer` (--issuer-url)' },
        issuerPort: { type: 'integer', minimum: 0, maximum: 65535, description: 'jwks: port of the issuer tck check starts (--issuer-port)' },
        betterAuthUrl: { ...url, description: 'better-auth: the Better Auth base URL (--better-auth-url)' },
        claims: { enum: ['iss,aud', 'iss', 'aud', 'none'], description: 'registered claims minted tokens carry (--claims)' },
        iss: { type: 'string', description: 'iss of minted tokens (--iss)' },
        aud: { type: 'string', description: 'aud of minted tokens (--aud)' },
        claim: { type: 'object', additionalProperties: { type: 'string' }, description: 'extra claims of minted tokens (--claim NAME=VALUE)' },
      },
    },
    basePath: { type: 'string', pattern: '^/', description: 'where the backend mounts the contract\'s /api; "/" for none (--base-path)' },
    users: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 2, maxItems: 2, description: 'the two user ids (--users A,B)' },
    origin: { ...url, description: 'the frontend origin the backend allows (--origin)' },
    cors: { type: 'boolean', description: 'false: same-origin deployment, CORS items are skipped (--no-cors)' },
    toggleBody: { description: 'the body PATCH …/complete requires (--toggle-body)' },
    strict: { type: 'boolean', description: 'warnings fail the run (--strict)' },
    thorough: { type: 'boolean', description: 'slow checks too (--thorough)' },
    reports: {
      type: 'array',
      items: { enum: ['html', 'md', 'junit', 'json', 'sarif', 'vitest-html'] },
      description: 'reports to write: html, md, junit, json, sarif, vitest-html (--report)',
    },
    reportDir: { type: 'string', minLength: 1, description: 'where reports go, relative to this file (--report-dir)' },
    severity: {
      type: 'object',
      additionalProperties: { enum: ['fail', 'warn', 'info'] },
      description: 'per-item severity overrides, e.g. { "AUTH-022": "fail" }',
    },
    baseline: { type: 'string', minLength: 1, description: 'the baseline file of accepted findings, relative to this file (--baseline)' },
    openapi: { type: 'string', minLength: 1, description: "the backend's own OpenAPI file, for SARIF locations (--openapi)" },
    ui: {
      type: 'object',
      additionalProperties: false,
      description: 'settings of `tck ui`, the browser checklist against a running frontend; its flags win',
      properties: {
        url: { ...url, description: 'the frontend, e.g. https://staging.example.com (--url)' },
        apiUrl: { ...url, description: 'the Task API the frontend calls, when on another origin: UI-007 then requires its calls to go there (--api-url)' },
        mock: { type: 'boolean', description: 'the frontend is a mock build exposing window.tckMock (--mock)' },
        tokenTtlSeconds: {
          type: 'integer',
          minimum: 1,
          maximum: 300,
          description: "lifetime of the frontend's JWTs in seconds, short enough to wait out: enables the expiry items against a real backend (--token-ttl)",
        },
        profile: {
          description:
            'react-app, nextjs-example, or a partial profile over one: { "extends": "nextjs-example", "routes": { "taskList": "/dashboard" } } (--profile takes a name)',
          anyOf: [{ enum: ['react-app', 'nextjs-example'] }, { type: 'object' }],
        },
        browser: { type: 'string', minLength: 1, description: "a Chromium executable instead of Playwright's own (--browser)" },
        reportDir: { type: 'string', minLength: 1, description: "where Playwright's HTML and JSON reports go, relative to this file (--report-dir)" },
      },
    },
  },
} as const

/** The schema's file name in the package's dist/ (`"$schema": "./node_modules/tasks-tck/dist/tck.config.schema.json"`). */
export const CONFIG_SCHEMA_FILE = 'tck.config.schema.json'

/** Writes {@link TCK_CONFIG_SCHEMA} as `dir/tck.config.schema.json` (the build does, into dist/). @returns the path. */
export function writeConfigSchema(dir: string): string {
  const path = join(dir, CONFIG_SCHEMA_FILE)
  writeFileSync(path, `${JSON.stringify(TCK_CONFIG_SCHEMA, null, 2)}\n`)
  return path
}
