/**
 * Catalogue of deliberate faults the reference server can be started with (`TCK_FAULT=<name>`).
 * Each one breaks exactly one rule of the contract in a way a black-box HTTP test can observe,
 * so the checklist suite can prove that at least one of its checks catches it. Names are stable
 * kebab-case identifiers; tests iterate this list, so a new fault without a demonstration fails.
 */
export const FAULTS = [
  {
    name: 'skip-ownership-check',
    description: 'a path user_id other than the token sub is not refused with 403; the request acts on the path user\'s data',
  },
  {
    name: 'unscoped-task-id',
    description: 'get, update, toggle and delete find a task by id alone, not by id and user: any user reaches any task (BOLA)',
  },
  { name: 'leak-other-users-tasks', description: 'the list returns every user\'s tasks, not only the caller\'s' },
  {
    name: 'forbidden-on-foreign-task',
    description: 'another user\'s existing task id answers 403 instead of 404, which reveals that it exists',
  },
  { name: 'ignore-expiry', description: 'expired tokens (exp in the past) are accepted' },
  { name: 'ignore-not-before', description: 'tokens whose nbf is in the future are accepted' },
  { name: 'accept-alg-none', description: 'unsecured tokens (alg "none", any casing) are accepted without verification' },
  {
    name: 'hmac-key-confusion',
    description: 'HS256 tokens are accepted when their HMAC verifies with a JWKS public key\'s SPKI PEM as the secret',
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
  { name: 'error-as-html', description: '404 and 422 answers are text/html, not the contract\'s problem JSON' },
  {
    name: 'extra-task-field',
    description: 'Task bodies carry an extra owner_email field the closed contract schema does not allow',
  },
  {
    name: 'slow-concurrent-writes-lost',
    description: 'toggling reads completed, waits, then writes its negation, so concurrent toggles lose one another',
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
