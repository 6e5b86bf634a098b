/**
 * Catalogue of deliberate faults the reference server can be started with (`TCK_FAULT=<name>`).
 * Each one breaks exactly one rule of the contract in a way a black-box HTTP test can observe,
 * so the checklist suite can prove that at least one of its checks catches it. Names are stable
 * kebab-case identifiers; tests iterate this list, so a new fault without a demonstration fails.
 */
export const FAULTS = [
  {
    name: 'skip-ownership-check',
    description: "a path user_id other than the token sub is not refused with 403; the request acts on the path user's data",
  },
  {
    name: 'unscoped-task-id',
    description: 'get, update, toggle and delete find a task by id alone, not by id and user: any user reaches any task (BOLA)',
  },
  { name: 'leak-other-users-tasks', description: "the list returns every user's tasks, not only the caller's" },
  {
    name: 'forbidden-on-foreign-task',
    description: "another user's existing task id answers 403 instead of 404, which reveals that it exists",
  },
  { name: 'ignore-expiry', description: 'expired tokens (exp in the past) are accepted' },
  { name: 'ignore-not-before', description: 'tokens whose nbf is in the future are accepted' },
  { name: 'accept-alg-none', description: 'unsecured tokens (alg "none", any casing) are accepted without verification' },
  {
    name: 'hmac-key-confusion',
    description: "HS256 tokens are accepted when their HMAC verifies with a JWKS public key's SPKI PEM as the secret",
  },
  {
    name: 'skip-signature-check',
    description: 'the signature is not verified at all, whatever the alg (claims are still checked)',
  },
  { name: 'ignore-issuer-audience', description: 'iss and aud are not checked even though they are configured' },
  { name: 'require-no-subject', description: 'a token without sub is accepted and acts as the path user' },
  {
    name: 'trust-embedded-jwk',
    description: 'a token carrying a "jwk" header is verified with that embedded, attacker-chosen key',
  },
  {
    name: 'fetch-jku',
    description: 'a token carrying a "jku" header makes the server fetch that URL and use the keys found there',
  },
  { name: 'ignore-crit', description: 'unknown extensions listed in the "crit" header are accepted instead of refused' },
  {
    name: 'internals-on-bad-token',
    description: 'a malformed token answers 500 with the error message and stack trace in the body instead of 401',
  },
  { name: 'echo-token-in-error', description: '401 bodies echo the received token in detail' },
  { name: 'no-www-authenticate', description: '401 answers carry no WWW-Authenticate header' },
  {
    name: 'cache-keys-forever',
    description: 'the JWKS is never refetched, so tokens signed with a rotated-in key are refused',
  },
  { name: 'refetch-jwks-every-request', description: 'the JWKS is fetched again for every request instead of cached' },
  {
    name: 'cors-any-origin',
    description: 'every Origin is reflected in Access-Control-Allow-Origin, with credentials allowed',
  },
  {
    name: 'cors-wildcard',
    description: 'Access-Control-Allow-Origin is "*" together with Access-Control-Allow-Credentials: true',
  },
  { name: 'body-sets-owner', description: 'create honours a user_id in the body, so a user can plant tasks for another' },
  {
    name: 'no-title-validation',
    description: 'title type and length are not validated, so a bad title reaches the database (500) or is stored',
  },
  { name: 'put-clears-description', description: 'PUT without description sets it to null instead of keeping it' },
  { name: 'error-as-html', description: "404 and 422 answers are text/html, not the contract's problem JSON" },
  {
    name: 'extra-task-field',
    description: 'Task bodies carry an extra owner_email field the closed contract schema does not allow',
  },
  {
    name: 'slow-concurrent-writes-lost',
    description: 'toggling reads completed, waits, then writes its negation, so concurrent toggles lose one another',
  },
  { name: 'expiry-leeway-10-minutes', description: 'exp is checked with a leeway of 10 minutes, so a token expired 5 minutes ago still works' },
  { name: 'expiry-leeway-2-minutes', description: 'exp is checked with a leeway of 2 minutes instead of seconds, so a token expired 90 s ago still works' },
  { name: 'accept-infinite-exp', description: 'a token whose exp is 1e400 (parsed as Infinity) is accepted and never expires' },
  {
    name: 'accept-placeholder-hs256',
    description: 'HS256 tokens signed with the placeholder secret "your-secret-key" are accepted beside the JWKS (a second trust path)',
  },
  { name: 'ignore-missing-audience', description: 'a token without aud is accepted; a wrong aud is still refused' },
  {
    name: 'validate-before-ownership',
    description: "the body is validated before ownership is checked, so another user's path with a bad body answers 422 instead of 403",
  },
  { name: 'query-param-500', description: 'an unknown sort_by/sort/order_by query value escapes as an unhandled error (500)' },
  { name: 'path-param-500', description: 'task ids are not validated as UUIDs, so an odd task id reaches the database and answers 500' },
  { name: 'frozen-updated-at', description: 'update and toggle leave updated_at at its creation value' },
  { name: 'description-null-ignored', description: 'PUT {"description": null} is treated as "not sent", so a description cannot be cleared' },
  {
    name: 'jwks-outage-500',
    description: 'while the JWKS cannot be fetched the last known keys are not used, and a token needing a fetch answers 500',
  },
  {
    name: 'jwks-cooldown-after-unknown-kid',
    description:
      "unknown kids refetch the JWKS at most every 30 s (jose's default), so an unknown kid just before a rotation keeps new-key tokens refused for up to 30 s",
  },
  {
    name: 'forged-fields-on-update',
    description: 'PUT honours user_id and created_at in the body (mass assignment): a task can be handed to another user or backdated',
  },
  {
    name: 'uuid-prefix-500',
    description: 'task ids are checked with format uuid alone, so urn:uuid:<id> passes validation and the database error answers 500',
  },
  {
    name: 'framework-error-bodies',
    description: "undecodable paths get Fastify's own 400 body (path echoed, no CORS headers) instead of the registry's 404",
  },
  { name: 'short-param-limit', description: 'path parameters over 100 characters are refused before auth, so a 255-character user id cannot use its own path' },
  { name: 'unbounded-list', description: 'the list ignores limit and offset and returns every task of the user in one answer (no pagination)' },
  {
    name: 'read-body-before-auth',
    description: 'auth is checked only after the whole body is read, so an unauthenticated upload is read to its end and a stalled one gets no 401',
  },
] as const satisfies readonly { name: string; description: string }[]

/** One of the names in {@link FAULTS}. */
export type FaultName = (typeof FAULTS)[number]['name']

/** True when `value` is a known fault name. */
export function isFaultName(value: unknown): value is FaultName {
  return typeof value === 'string' && FAULTS.some((f) => f.name === value)
}

/** The rule `name` breaks, as written in {@link FAULTS}. */
export function describeFault(name: FaultName): string {
  return FAULTS.find((f) => f.name === name)!.description
}
