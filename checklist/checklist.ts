/**
 * The checklist: every item the suite checks, with a stable ID, a source and a severity. Written
 * once, run against every target; CHECKLIST.md is generated from this list (`tck check --list`),
 * and a test keeps the two (and the check files) in step.
 *
 * Severity follows the source (see {@link severityOf}): `fail` only for what the specification or
 * an RFC requires and for anything exploitable (an OWASP API Top-10 2023 class); `warn` for
 * hardening (RFC 8725's best practices) and for this project's contract extensions; `info` for
 * observations. `--strict` turns warnings into failures.
 */

/** What a target or auth mode can do; a check needing a missing capability is skipped, with the reason. */
export type Capability =
  | 'mint-tokens' // any claims, signed with the trusted key (simulated issuer or shared secret)
  | 'issuer-keys' // hostile tokens signed with the trusted private key (simulated issuer)
  | 'issuer-stats' // the issuer counts JWKS fetches
  | 'rotate-keys' // the issuer can rotate its key
  | 'issuer-outage' // the issuer can be taken down for a moment (the tool's own simulated issuer)
  | 'persistence' // the target stores tasks
  | 'ownership' // the target enforces per-user ownership
  | 'fast-jwks-refresh' // the target refetches keys within seconds (ours); others need --thorough
  | 'verifies-tokens' // the target verifies signatures and claims (a contract mock like Prism only checks the scheme)
  | 'cors' // the target applies a CORS policy for the configured origin
  | 'prism-proxy' // requests pass through Prism's validation proxy (--proxy)

/** Why an item needing a capability is skipped, per missing capability: the skip note a result shows. */
export const CAPABILITY_REASONS: Record<Capability, string> = {
  'mint-tokens': 'needs tokens with chosen claims (the simulated issuer or a shared secret), not available in this auth mode',
  'issuer-keys': "needs the issuer's private key (jwks mode with the simulated issuer)",
  'issuer-stats': 'needs the simulated issuer to count JWKS fetches (jwks mode)',
  'rotate-keys': 'needs to rotate the issuer key (jwks mode with the simulated issuer)',
  'issuer-outage': 'needs to take the issuer down for a moment (jwks mode with the simulated issuer)',
  persistence: 'the target keeps no state (a stateless mock cannot prove it)',
  ownership: 'the target does not enforce ownership (a stateless mock cannot prove it)',
  'fast-jwks-refresh': "waits out the backend's JWKS cache cooldown; run with --thorough",
  'verifies-tokens': 'the target does not verify tokens (a contract mock accepts any Bearer value)',
  cors: 'the target applies no CORS policy of its own',
  'prism-proxy': "needs the run to go through Prism's validation proxy (--proxy)",
}

/** What a failing item does to a run: `fail` fails it, `warn` only with `--strict`, `info` never (recorded only). */
export type Severity = 'fail' | 'warn' | 'info'

/**
 * Where an item's rule comes from. `spec`: the Evo-TODO specification (../shared/spec), `rfc`: an
 * RFC's MUST, `owasp`: an exploitable class of the OWASP API Security Top 10 (2023), `bcp`: a
 * hardening practice (RFC 8725 and the like), `contract`: this project's contract extension,
 * `observation`: recorded, never judged.
 */
export interface ItemSource {
  kind: 'spec' | 'rfc' | 'owasp' | 'bcp' | 'contract' | 'observation'
  /** The section, clause or id, e.g. `RFC 7519 §4.1.4`, `OWASP API1:2023`. */
  ref: string
}

/** Default severity of a source: requirements and exploits fail, hardening and extensions warn. */
export function severityOf(source: ItemSource): Severity {
  if (source.kind === 'observation') return 'info'
  return source.kind === 'bcp' || source.kind === 'contract' ? 'warn' : 'fail'
}

/** One item of the checklist: a rule a backend is checked against, as CHECKLIST.md lists it. */
export interface ChecklistItem {
  /** Stable id, `AREA-NNN` (e.g. `AUTH-001`): the key of a result's `items`, never reused. */
  id: string
  /** The CHECKLIST.md section it is listed under. */
  section: 'Specification' | 'Authentication' | 'Ownership' | 'Input' | 'Data' | 'Conformance' | 'CORS' | 'JWKS' | 'Hardening'
  /** What a passing backend does, in one line. */
  title: string
  source: ItemSource
  /** Set by the source's kind ({@link severityOf}). */
  severity: Severity
  /** Capabilities the target must have; missing one, the item is skipped with {@link CAPABILITY_REASONS}. Default: none. */
  needs?: Capability[]
  /** The specification checklist line this item proves, when it is one. */
  spec?: string
  /** What to change when the item fails, for the stacks where the fix is known. */
  fix?: string
}

type Extra = Partial<Omit<ChecklistItem, 'id' | 'section' | 'title' | 'source'>>
const item = (id: string, section: ChecklistItem['section'], title: string, source: ItemSource, extra: Extra = {}): ChecklistItem => ({
  id,
  section,
  title,
  source,
  severity: severityOf(source),
  ...extra,
})

const spec = (ref: string): ItemSource => ({ kind: 'spec', ref: `spec: ${ref}` })
const rfc = (ref: string): ItemSource => ({ kind: 'rfc', ref })
const owasp = (ref: string): ItemSource => ({ kind: 'owasp', ref })
const bcp = (ref: string): ItemSource => ({ kind: 'bcp', ref })
const contract = (ref: string): ItemSource => ({ kind: 'contract', ref: `contract extension: ${ref}` })

const PYJWT_VERIFY =
  'PyJWT: jwt.decode(token, key, algorithms=["EdDSA"], audience=AUD, issuer=ISS, options={"require": ["exp", "sub"]}); python-jose cannot verify EdDSA (use PyJWT); Express/Fastify: jose jwtVerify(token, createRemoteJWKSet(url), { algorithms: ["EdDSA"], issuer, audience, requiredClaims: ["sub", "exp"] })'
const HTTPBEARER =
  'FastAPI before 0.122: HTTPBearer() answers 403 for a missing header; use HTTPBearer(auto_error=False) and raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"}) yourself'
const OWNERSHIP =
  "compare the path user_id with the token sub before anything else and answer 403; look tasks up by id AND user_id (WHERE id = :id AND user_id = :sub) so another user's task is 404"
const CORS_FIX =
  'FastAPI: CORSMiddleware(allow_origins=[FRONTEND_ORIGIN], allow_credentials=True, allow_methods=[...], allow_headers=["Authorization", "Content-Type"]); never allow_origins=["*"] or allow_origin_regex=".*" with credentials'

/** Every item, in CHECKLIST.md's order; `tck check --list` renders it. */
export const CHECKLIST: readonly ChecklistItem[] = [
  item('SPEC-001', 'Specification', 'a valid token for the path user succeeds', spec('API Authorization Testing'), {
    spec: 'Valid token with correct user_id → Successful API request processing',
  }),
  item('SPEC-002', 'Specification', "another user's id in the path is refused with 403", spec('API Authorization Testing'), {
    spec: 'Valid token with incorrect user_id in path → 403 Forbidden response',
    needs: ['ownership'],
    fix: OWNERSHIP,
  }),
  item('SPEC-003', 'Specification', 'an invalid or expired token is refused with 401', spec('API Authorization Testing'), {
    spec: 'Invalid/expired token → 401 Unauthorized response',
    needs: ['verifies-tokens', 'issuer-keys'],
    fix: PYJWT_VERIFY,
  }),
  item('SPEC-004', 'Specification', 'a missing token is refused with 401', spec('API Authorization Testing'), {
    spec: 'Missing token for protected endpoint → 401 Unauthorized response',
    fix: HTTPBEARER,
  }),
  item('SPEC-005', 'Specification', 'a malformed token is refused with 401 without exposing internals', spec('API Authorization Testing'), {
    spec: 'Malformed token → Appropriate error handling without system exposure',
    needs: ['verifies-tokens'],
    fix: 'catch every decoding error of the JWT library (PyJWT: jwt.PyJWTError; jose: JOSEError) and answer 401; never return the exception text',
  }),
  item('SPEC-006', 'Specification', 'create → read → update → toggle → delete works end to end and persists', spec('Integration Testing'), {
    spec: 'End-to-end task operations (create, read, update, delete) work with proper authentication',
    needs: ['persistence'],
  }),
  item('SPEC-007', 'Specification', 'CORS allows the frontend origin with credentials and the Authorization header', spec('Integration Testing'), {
    spec: 'Cross-origin requests work properly with configured CORS settings',
    needs: ['cors'],
    fix: CORS_FIX,
  }),
  item('SPEC-008', 'Specification', 'concurrent requests with the same token all succeed', spec('Integration Testing'), {
    spec: 'Token management works correctly across multiple simultaneous requests',
  }),
  item(
    'SPEC-009',
    'Specification',
    'a 255-character sub (the longest user id the contract allows) is served on its own path: a 2xx list, not 414/400/5xx',
    contract('UserId maxLength 255; security review F2'),
    {
      needs: ['mint-tokens'],
      fix: 'accept path parameters of 255 characters before auth (Fastify: routerOptions.maxParamLength, default 100; FastAPI: Path(max_length=255)); keep user_id varchar(255)',
    },
  ),

  item('AUTH-001', 'Authentication', 'no Authorization header → 401', spec('Missing token → 401; RFC 6750 §3.1'), { fix: HTTPBEARER }),
  item('AUTH-002', 'Authentication', 'a non-Bearer scheme → 401', rfc('RFC 6750 §2.1'), { fix: HTTPBEARER }),
  item('AUTH-003', 'Authentication', 'an empty bearer token → 401', rfc('RFC 6750 §3.1'), { fix: HTTPBEARER }),
  item(
    'AUTH-004',
    'Authentication',
    'a malformed token (1, 2, 4, 5 segments, bad base64, non-JSON header) → 401',
    spec('Malformed token → error handling without system exposure'),
    { needs: ['verifies-tokens'], fix: "catch the JWT library's decode errors (PyJWT: jwt.PyJWTError, python-jose: JWTError) and answer 401" },
  ),
  item('AUTH-005', 'Authentication', 'alg "none" in every casing → 401', rfc('RFC 8725 §2.1, §3.1; OWASP API2:2023'), {
    needs: ['verifies-tokens'],
    fix: 'pin the algorithms: PyJWT algorithms=["EdDSA"], jose { algorithms: ["EdDSA"] }',
  }),
  item('AUTH-006', 'Authentication', 'a stripped or corrupted signature → 401', rfc('RFC 7515 §5.2'), {
    needs: ['verifies-tokens'],
    fix: 'never decode with verify_signature=False (PyJWT) or jose decodeJwt: verify every token',
  }),
  item('AUTH-007', 'Authentication', 'HS256 signed with the public key (key confusion) → 401', rfc('RFC 8725 §2.1, §3.1'), {
    needs: ['verifies-tokens'],
    fix: 'pin the algorithm per key: algorithms=["EdDSA"] only; never pass a public key to an HMAC verifier',
  }),
  item('AUTH-008', 'Authentication', 'a signature from a key not in the JWKS → 401', rfc('RFC 7515 §5.2'), { needs: ['verifies-tokens'] }),
  item('AUTH-009', 'Authentication', 'an unknown kid → 401', rfc('RFC 7515 §4.1.4'), {
    needs: ['verifies-tokens'],
    fix: 'an unknown kid after a JWKS refresh is a 401, never a 500',
  }),
  item('AUTH-010', 'Authentication', 'an embedded jwk header is not trusted → 401', owasp('OWASP API2:2023; RFC 8725 §3.10'), {
    needs: ['verifies-tokens'],
    fix: "find keys only in the configured JWKS, never in the token's own jwk header",
  }),
  item(
    'AUTH-011',
    'Authentication',
    'jku/x5u headers are not followed (the listener receives no request) → 401',
    owasp('OWASP API2:2023, API7:2023 (SSRF); RFC 8725 §3.10'),
    { needs: ['verifies-tokens'], fix: 'never fetch a URL named in a token header; the JWKS URL is configuration' },
  ),
  item('AUTH-012', 'Authentication', 'an unknown critical header (crit) → 401', rfc('RFC 7515 §4.1.11'), {
    needs: ['verifies-tokens', 'issuer-keys'],
    fix: 'PyJWT refuses an unknown crit since 2.10 (and in distribution builds with the CVE-2026-32597 fix); python-jose ignores it: refuse any token whose header has "crit" yourself',
  }),
  item('AUTH-013', 'Authentication', 'a token expired 5 minutes ago → 401', rfc('RFC 7519 §4.1.4'), {
    needs: ['verifies-tokens', 'issuer-keys'],
    fix: 'verify exp with a leeway of seconds, not minutes (PyJWT leeway=5, jose clockTolerance: 5)',
  }),
  item('AUTH-014', 'Authentication', 'a not-yet-valid token (nbf) → 401', rfc('RFC 7519 §4.1.5'), {
    needs: ['verifies-tokens', 'issuer-keys'],
    fix: 'PyJWT and jose check nbf by default: do not turn verify_nbf off',
  }),
  item('AUTH-015', 'Authentication', 'a wrong or missing iss → 401', bcp('RFC 8725 §3.8'), {
    needs: ['verifies-tokens', 'issuer-keys'],
    fix: 'PyJWT issuer=BETTER_AUTH_URL with options={"require": ["iss", ...]}; jose { issuer }',
  }),
  item('AUTH-016', 'Authentication', 'a wrong aud → 401', rfc('RFC 7519 §4.1.3'), {
    needs: ['verifies-tokens', 'issuer-keys'],
    fix: 'PyJWT audience=BETTER_AUTH_URL (the Better Auth JWT plugin puts its base URL in aud); jose { audience }',
  }),
  item('AUTH-017', 'Authentication', 'a token without sub → 401', spec('sub = user id; invalid token → 401'), {
    needs: ['verifies-tokens', 'issuer-keys'],
    fix: 'PyJWT options={"require": ["exp", "sub"]}; jose requiredClaims: ["sub", "exp"]',
  }),
  item('AUTH-018', 'Authentication', 'a token without exp is not accepted', bcp('RFC 8725 §3.10; spec: tokens expire after 15 minutes'), {
    needs: ['verifies-tokens', 'issuer-keys'],
    fix: 'PyJWT options={"require": ["exp", "sub"]}; jose requiredClaims: ["exp"]',
  }),
  item('AUTH-019', 'Authentication', 'every 401 carries WWW-Authenticate: Bearer', rfc('RFC 9110 §11.6.1, RFC 6750 §3'), {
    fix: 'raise HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"}) on every 401',
  }),
  item('AUTH-020', 'Authentication', 'no 401 body echoes the token, its claims or a stack trace', spec('Malformed token → without system exposure'), {
    fix: 'answer 401 with a fixed detail; log the reason, never the token',
  }),
  item('AUTH-021', 'Authentication', 'a token expired 90 seconds ago → 401 (leeway under a minute)', bcp('RFC 7519 §4.1.4 (leeway of a few seconds)'), {
    needs: ['verifies-tokens', 'issuer-keys'],
    fix: 'PyJWT leeway=5 (seconds), jose clockTolerance: 5',
  }),
  item('AUTH-022', 'Authentication', 'an exp so large it is infinite (1e400) → 401, never accepted or a 5xx', bcp('RFC 7519 §2 NumericDate'), {
    needs: ['verifies-tokens', 'issuer-keys'],
    fix: 'refuse non-finite or absurd exp values (PyJWT raises OverflowError on inf: catch it and answer 401; jose: check Number.isFinite(payload.exp))',
  }),
  item(
    'AUTH-023',
    'Authentication',
    'HS256 tokens signed with well-known placeholder secrets (or a shared secret beside the JWKS) → 401',
    owasp('OWASP API2:2023; RFC 8725 §3.5'),
    {
      needs: ['verifies-tokens'],
      fix: 'one trust path: verify with the JWKS and algorithms=["EdDSA"] only; a shared secret must be long and random, never a placeholder like "your-secret-key"',
    },
  ),
  item('AUTH-024', 'Authentication', 'a token without aud → 401', bcp('RFC 8725 §3.9'), {
    needs: ['verifies-tokens', 'issuer-keys'],
    fix: 'PyJWT audience=… with options={"require": ["aud", ...]}; jose { audience } refuses a missing aud',
  }),

  item('BOLA-001', 'Ownership', "user B on user A's path → 403 on every task operation", owasp('OWASP API1:2023; spec: wrong user_id → 403'), {
    needs: ['ownership'],
    fix: OWNERSHIP,
  }),
  item('BOLA-002', 'Ownership', "B's token on B's path with A's task id → 404, and A's task is unchanged", owasp('OWASP API1:2023'), {
    needs: ['ownership', 'persistence'],
    fix: OWNERSHIP,
  }),
  item('BOLA-003', 'Ownership', "the list never contains another user's tasks", owasp('OWASP API1:2023'), {
    needs: ['ownership', 'persistence'],
    fix: 'filter the list by the token sub: WHERE user_id = :sub',
  }),
  item('BOLA-004', 'Ownership', 'a body cannot set user_id, id or timestamps, on any writable operation', owasp('OWASP API3:2023 (mass assignment)'), {
    needs: ['ownership', 'persistence'],
    fix: 'build the row from the declared fields only (pydantic model without user_id/id/timestamps; never Task(**body) or task.update(body))',
  }),
  item('BOLA-005', 'Ownership', "an invalid body on another user's path → 403, not 422 (401 → 403 → 422)", contract('error precedence 401 → 403 → 422'), {
    needs: ['ownership'],
    fix: 'FastAPI validates the body before the endpoint runs: check ownership in a dependency on the path user_id, or re-check auth in the RequestValidationError handler',
  }),

  item('INPUT-001', 'Input', 'an empty title → 4xx and nothing stored', spec('title: 1–255 characters'), {
    needs: ['persistence'],
    fix: 'pydantic Field(..., min_length=1, max_length=255)',
  }),
  item('INPUT-002', 'Input', 'a 256-character title → 4xx and nothing stored', spec('title: 1–255 characters'), {
    needs: ['persistence'],
    fix: 'pydantic Field(..., min_length=1, max_length=255)',
  }),
  item('INPUT-003', 'Input', 'wrong types (number title, number description, array body) → 4xx', spec('Task model'), {
    needs: ['persistence'],
    fix: 'pydantic v1 coerces 42 to "42" (a warning): use StrictStr / constr(strict=True) for strict types',
  }),
  item('INPUT-004', 'Input', 'a body without title → 4xx', spec('title is required'), { needs: ['persistence'] }),
  item('INPUT-005', 'Input', 'a huge payload (1 MiB) → 4xx, never 5xx', owasp('OWASP API4:2023; spec: description ≤ 2000 characters'), {
    fix: 'limit description (max_length=2000) and the request body size at the proxy or server',
  }),
  item('INPUT-006', 'Input', 'non-JSON and broken JSON bodies → 4xx', spec('bad body → 422'), { needs: ['persistence'] }),
  item('INPUT-007', 'Input', 'odd unicode (emoji, RTL, zero-width, NUL) → stored exactly or 4xx, never 5xx', owasp('OWASP API8:2023 (unhandled errors)'), {
    needs: ['persistence'],
    fix: 'PostgreSQL refuses NUL in text (500): refuse it with a 422 (pydantic regex=r"^[^\\x00]*$") or strip it',
  }),
  item('INPUT-008', 'Input', 'an update rejected for its body leaves the task unchanged', spec('bad body → 422'), { needs: ['persistence'] }),
  item(
    'INPUT-009',
    'Input',
    'property-based bodies (fast-check: 50, or 1,000 with --thorough) never get a 5xx, and refused ones store nothing',
    owasp('OWASP API8:2023 (unhandled errors)'),
    { needs: ['persistence'] },
  ),
  item('INPUT-010', 'Input', 'unknown and odd query parameters never cause a 5xx', owasp('OWASP API8:2023 (unhandled errors)'), {
    fix: 'never pass query parameters into ORDER BY or getattr() unchecked; ignore unknown ones',
  }),
  item(
    'INPUT-012',
    'Input',
    'odd spellings of a task id (urn:uuid:, uppercase, braces, no hyphens, the nil UUID), of an own task and an unknown one, never cause a 5xx',
    owasp('OWASP API8:2023 (unhandled errors); security review F1'),
    {
      fix: "validate task ids with an explicit pattern, not format: uuid alone (ajv-formats takes urn:uuid:); map the database's invalid-text errors (PostgreSQL 22P02) to 422, never 500",
    },
  ),
  item(
    'INPUT-011',
    'Input',
    'odd path parameters (encoded separators, odd task ids, a 255-character user id, bad escapes) → 4xx, never 5xx or another route',
    owasp('OWASP API8:2023; API1:2023'),
    { fix: 'validate path ids; a proxy must forward the path encoded (encodeURIComponent per segment), never decoded' },
  ),

  item(
    'DATA-001',
    'Data',
    'concurrent toggles are all applied: the 10 answers hold 5 true and 5 false, and the task ends as it began',
    bcp('data integrity (lost update)'),
    {
      needs: ['persistence'],
      fix: 'toggle in one statement (UPDATE tasks SET completed = NOT completed WHERE id = :id AND user_id = :sub RETURNING *) or lock the row (SELECT … FOR UPDATE); read-modify-write loses updates',
    },
  ),
  item('DATA-002', 'Data', 'PUT without description keeps it', spec('update changes only the fields sent'), {
    needs: ['persistence'],
    fix: 'update only the fields the body sets (pydantic .dict(exclude_unset=True))',
  }),
  item('DATA-003', 'Data', 'updated_at advances on every change and created_at never moves', contract('Task timestamps'), {
    needs: ['persistence'],
    fix: 'set updated_at = now() on update and toggle; never write created_at after insert',
  }),
  item('DATA-004', 'Data', 'PUT {"description": null} clears the description', contract('TaskUpdate: description nullable'), {
    needs: ['persistence'],
    fix: 'pydantic: distinguish "sent as null" from "not sent" with .dict(exclude_unset=True), not "if body.description is not None"',
  }),

  item('CONF-001', 'Conformance', 'every response status of a task operation is documented by the contract', contract('documented statuses')),
  item('CONF-002', 'Conformance', 'every response with a body has a documented JSON content type', contract('JSON bodies')),
  item('CONF-003', 'Conformance', "every task response body is valid against the contract's schema", contract('Task, TaskList and Error schemas')),
  item(
    'CONF-006',
    'Conformance',
    "undecodable paths (%zz, %C0%AF, an encoded lone surrogate) and 10 KB path ids get a 4xx the contract documents or RFC 9110's 400/414, with a body that is JSON (or, for 400/414, empty) and does not echo the path, and CORS headers; never a 5xx",
    contract('error bodies for every answer; security review F2, F3'),
    {
      fix: "Fastify: the frameworkErrors option (FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH) answering the registry's 404 problem body with the CORS headers, and a maxParamLength above the longest id; never the framework's own body",
    },
  ),
  item('CONF-004', 'Conformance', "the backend's own OpenAPI (when it serves /openapi.json) matches the contract's operations", {
    kind: 'observation',
    ref: "observation: the backend's OpenAPI",
  }),
  item('CONF-005', 'Conformance', "Prism's validation proxy reports no response violating the contract (sl-violations)", contract('Prism validation'), {
    needs: ['prism-proxy'],
  }),

  item(
    'CORS-001',
    'CORS',
    'a preflight from the allowed origin allows credentials, Authorization and every contract method',
    spec('Cross-origin requests work with configured CORS'),
    { needs: ['cors'], fix: CORS_FIX },
  ),
  item('CORS-002', 'CORS', 'another origin is not allowed (no Access-Control-Allow-Origin for it)', owasp('OWASP API8:2023 (CORS misconfiguration)'), {
    needs: ['cors'],
    fix: CORS_FIX,
  }),
  item('CORS-003', 'CORS', 'never "*" together with credentials', rfc('Fetch Standard §3.2.5 (CORS protocol and credentials)'), {
    needs: ['cors'],
    fix: CORS_FIX,
  }),
  item('CORS-004', 'CORS', 'another origin gets no Access-Control-Allow-* header at all', bcp('CORS hygiene'), {
    needs: ['cors'],
    fix: "Starlette's CORSMiddleware sends allow headers to refused preflights; harmless without Allow-Origin",
  }),

  item('JWKS-001', 'JWKS', 'steady traffic causes no per-request JWKS fetch', owasp('OWASP API4:2023; spec: cache the JWKS'), {
    needs: ['issuer-stats'],
    fix: 'cache the JWKS in process (PyJWT PyJWKClient(cache_keys=True, lifespan=…); jose createRemoteJWKSet once at start-up)',
  }),
  item('JWKS-002', 'JWKS', 'tokens with unknown kids do not make the backend fetch the JWKS each time', bcp('RFC 8725 §3.10 (resource exhaustion)'), {
    needs: ['issuer-stats'],
    fix: "refetch on an unknown kid at most once per cooldown (jose: cooldownDuration; PyJWT's PyJWKClient has none: wrap it)",
  }),
  item('JWKS-003', 'JWKS', 'a rotated key is picked up without a restart', spec('keys come from the JWKS'), {
    needs: ['rotate-keys', 'fast-jwks-refresh'],
    fix: 'refetch the JWKS on an unknown kid (after a cooldown); an lru_cache that never expires never sees a rotation',
  }),
  item(
    'JWKS-004',
    'JWKS',
    'with the issuer down, cached-key tokens still work and an unknown kid gets 401, never a 5xx',
    owasp('OWASP API8:2023 (unhandled errors)'),
    {
      needs: ['issuer-outage'],
      fix: 'keep the last good JWKS when a refresh fails; a failed fetch is a 401 for the unknown kid, never a 500 with the JWKS URL',
    },
  ),
  item(
    'JWKS-005',
    'JWKS',
    'an unknown kid sent just before a key rotation does not keep new-key tokens refused for more than 5 s',
    bcp('RFC 8725 §3.10 (resource exhaustion) vs. rotation; security review F7'),
    {
      needs: ['rotate-keys', 'issuer-keys', 'issuer-stats', 'fast-jwks-refresh'],
      fix: "keep the unknown-kid refetch cooldown short (about 1 s: jose createRemoteJWKSet(url, { cooldownDuration: 1000 }); its 30 s default lets any unknown kid, an attacker's included, hold off a new key for 30 s); it still bounds a flood of unknown kids to one fetch a second",
    },
  ),

  item(
    'DOS-001',
    'Hardening',
    'the list is bounded: with 3 tasks, ?limit=1 (or page_size, per_page, size, pageSize) returns at most 1 task',
    bcp('OWASP API4:2023 (unrestricted resource consumption); security review F5'),
    {
      needs: ['persistence'],
      fix: 'paginate the list: limit (default and maximum, e.g. 100) and offset or a cursor, ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset; keep count the total; FastAPI: limit: int = Query(100, ge=1, le=100)',
    },
  ),
  item(
    'DOS-002',
    'Hardening',
    'an unauthenticated POST whose body never comes gets its 401 within 5 s; --thorough: an authenticated stalled body is cut within 60 s',
    bcp('OWASP API4:2023 (unrestricted resource consumption, slow POST); security review F6'),
    {
      fix: "check the token before reading the body (Fastify: an onRequest hook; Express: auth middleware before express.json(); FastAPI reads the body before dependencies: check the Authorization header in a middleware) and bound slow clients: a request timeout (Node: server.requestTimeout, headersTimeout; uvicorn: --timeout-keep-alive and a proxy's client_body_timeout)",
    },
  ),
]

/** Looks up an item; an unknown id is a bug in a check file. */
export function checklistItem(id: string): ChecklistItem {
  const found = CHECKLIST.find((i) => i.id === id)
  if (!found) throw new Error(`Unknown checklist id ${id}`)
  return found
}
