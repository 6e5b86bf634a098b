/**
 * The JSON schema of `tck.config.json` (draft 2020-12 subset ajv 8 reads). A TS const rather than a
 * .json file, so the build ships it with the code and `tck init` can print it.
 */

const url = { type: 'string', pattern: '^https?://' } as const

/** The schema {@link loadTckConfig} validates against; unknown keys are errors (a typo is not silently ignored). */
export const TCK_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    target: { type: 'string', description: 'reference, msw, prism or the backend URL' },
    auth: {
      type: 'object',
      additionalProperties: false,
      properties: {
        mode: { enum: ['jwks', 'shared-secret', 'better-auth'] },
        issuerUrl: url,
        issuerPort: { type: 'integer', minimum: 0, maximum: 65535 },
        betterAuthUrl: url,
        claims: { enum: ['iss,aud', 'iss', 'aud', 'none'] },
        iss: { type: 'string' },
        aud: { type: 'string' },
        claim: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    basePath: { type: 'string', pattern: '^/' },
    users: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 2, maxItems: 2 },
    origin: url,
    cors: { type: 'boolean', description: 'false: same-origin deployment, CORS items are skipped' },
    toggleBody: {},
    strict: { type: 'boolean' },
    thorough: { type: 'boolean' },
    reports: { type: 'array', items: { type: 'string', pattern: '^[a-z-]+$' } },
    reportDir: { type: 'string', minLength: 1 },
    severity: { type: 'object', additionalProperties: { enum: ['fail', 'warn', 'info'] } },
    baseline: { type: 'string', minLength: 1 },
    openapi: { type: 'string', minLength: 1, description: "the backend's own OpenAPI file (SARIF locations)" },
  },
} as const
