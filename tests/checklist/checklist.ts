/**
 * The checklist: every item the suite checks, with a stable ID. Written once, run against every
 * target; CHECKLIST.md is generated from this list (`tck check --list`), and a test keeps the two
 * (and the check files) in step.
 *
 * Severity: `fail` for spec violations and anything exploitable; `warn` for hardening, which
 * `--strict` turns into failures.
 */

/** What a target or auth mode can do; a check needing a missing capability is skipped, with the reason. */
export type Capability =
  | 'mint-tokens'        // any claims, signed with the trusted key (simulated issuer or shared secret)
  | 'issuer-keys'        // hostile tokens signed with the trusted private key (simulated issuer)
  | 'issuer-stats'       // the issuer counts JWKS fetches
  | 'rotate-keys'        // the issuer can rotate its key
  | 'persistence'        // the target stores tasks
  | 'ownership'          // the target enforces per-user ownership
  | 'fast-jwks-refresh'  // the target refetches keys within seconds (ours); others need --thorough
  | 'verifies-tokens'    // the target verifies signatures and claims (a contract mock like Prism only checks the scheme)
  | 'cors'               // the target applies a CORS policy for the configured origin
  | 'prism-proxy'        // requests pass through Prism's validation proxy (--proxy)

export const CAPABILITY_REASONS: Record<Capability, string> = {
  'mint-tokens': 'needs tokens with chosen claims (the simulated issuer or a shared secret), not available in this auth mode',
  'issuer-keys': "needs the issuer's private key (jwks mode with the simulated issuer)",
  'issuer-stats': 'needs the simulated issuer to count JWKS fetches (jwks mode)',
  'rotate-keys': 'needs to rotate the issuer key (jwks mode with the simulated issuer)',
  persistence: 'the target keeps no state (a stateless mock cannot prove it)',
  ownership: 'the target does not enforce ownership (a stateless mock cannot prove it)',
  'fast-jwks-refresh': "waits out the backend's JWKS cache cooldown; run with --thorough",
  'verifies-tokens': 'the target does not verify tokens (a contract mock accepts any Bearer value)',
  cors: 'the target applies no CORS policy of its own',
  'prism-proxy': "needs the run to go through Prism's validation proxy (--proxy)",
}

export interface ChecklistItem {
  id: string
  section: 'Specification' | 'Authentication' | 'Ownership' | 'Input' | 'Data' | 'Conformance' | 'CORS' | 'JWKS'
  title: string
  severity: 'fail' | 'warn'
  needs?: Capability[]
  /** The specification checklist line this item proves, when it is one. */
  spec?: string
}

const item = (id: string, section: ChecklistItem['section'], title: string, extra: Partial<ChecklistItem> = {}): ChecklistItem =>
  ({ id, section, title, severity: 'fail', ...extra })

export const CHECKLIST: readonly ChecklistItem[] = [
  item('SPEC-001', 'Specification', 'a valid token for the path user succeeds', { spec: 'Valid token with correct user_id → Successful API request processing' }),
  item('SPEC-002', 'Specification', "another user's id in the path is refused with 403", { spec: 'Valid token with incorrect user_id in path → 403 Forbidden response', needs: ['ownership'] }),
  item('SPEC-003', 'Specification', 'an invalid or expired token is refused with 401', { spec: 'Invalid/expired token → 401 Unauthorized response', needs: ['verifies-tokens', 'issuer-keys'] }),
  item('SPEC-004', 'Specification', 'a missing token is refused with 401', { spec: 'Missing token for protected endpoint → 401 Unauthorized response' }),
  item('SPEC-005', 'Specification', 'a malformed token is refused with 401 without exposing internals', { spec: 'Malformed token → Appropriate error handling without system exposure', needs: ['verifies-tokens'] }),
  item('SPEC-006', 'Specification', 'create → read → update → toggle → delete works end to end and persists', { spec: 'End-to-end task operations (create, read, update, delete) work with proper authentication', needs: ['persistence'] }),
  item('SPEC-007', 'Specification', 'CORS allows the frontend origin with credentials and the Authorization header', { spec: 'Cross-origin requests work properly with configured CORS settings', needs: ['cors'] }),
  item('SPEC-008', 'Specification', 'concurrent requests with the same token all succeed', { spec: 'Token management works correctly across multiple simultaneous requests' }),

  item('AUTH-001', 'Authentication', 'no Authorization header → 401'),
  item('AUTH-002', 'Authentication', 'a non-Bearer scheme → 401'),
  item('AUTH-003', 'Authentication', 'an empty bearer token → 401'),
  item('AUTH-004', 'Authentication', 'a malformed token (1, 2, 4, 5 segments, bad base64, non-JSON header) → 401', { needs: ['verifies-tokens'] }),
  item('AUTH-005', 'Authentication', 'alg "none" in every casing → 401', { needs: ['verifies-tokens'] }),
  item('AUTH-006', 'Authentication', 'a stripped or corrupted signature → 401', { needs: ['verifies-tokens'] }),
  item('AUTH-007', 'Authentication', 'HS256 signed with the public key (key confusion) → 401', { needs: ['verifies-tokens'] }),
  item('AUTH-008', 'Authentication', 'a signature from a key not in the JWKS → 401', { needs: ['verifies-tokens'] }),
  item('AUTH-009', 'Authentication', 'an unknown kid → 401', { needs: ['verifies-tokens'] }),
  item('AUTH-010', 'Authentication', 'an embedded jwk header is not trusted → 401', { needs: ['verifies-tokens'] }),
  item('AUTH-011', 'Authentication', 'jku/x5u headers are not followed (the listener receives no request) → 401', { needs: ['verifies-tokens'] }),
  item('AUTH-012', 'Authentication', 'an unknown critical header (crit) → 401', { needs: ['verifies-tokens', 'issuer-keys'] }),
  item('AUTH-013', 'Authentication', 'an expired token → 401', { needs: ['verifies-tokens', 'issuer-keys'] }),
  item('AUTH-014', 'Authentication', 'a not-yet-valid token (nbf) → 401', { needs: ['verifies-tokens', 'issuer-keys'] }),
  item('AUTH-015', 'Authentication', 'a wrong or missing iss → 401', { needs: ['verifies-tokens', 'issuer-keys'] }),
  item('AUTH-016', 'Authentication', 'a wrong or missing aud → 401', { needs: ['verifies-tokens', 'issuer-keys'] }),
  item('AUTH-017', 'Authentication', 'a token without sub → 401', { needs: ['verifies-tokens', 'issuer-keys'] }),
  item('AUTH-018', 'Authentication', 'a token without exp is not accepted', { needs: ['verifies-tokens', 'issuer-keys'], severity: 'warn' }),
  item('AUTH-019', 'Authentication', 'every 401 carries WWW-Authenticate: Bearer'),
  item('AUTH-020', 'Authentication', 'no 401 body echoes the token, its claims or a stack trace'),

  item('BOLA-001', 'Ownership', "user B on user A's path → 403 on every task operation", { needs: ['ownership'] }),
  item('BOLA-002', 'Ownership', "B's token on B's path with A's task id → 404, and A's task is unchanged", { needs: ['ownership', 'persistence'] }),
  item('BOLA-003', 'Ownership', "the list never contains another user's tasks", { needs: ['ownership', 'persistence'] }),
  item('BOLA-004', 'Ownership', 'a body cannot set user_id, id or timestamps', { needs: ['ownership', 'persistence'] }),

  item('INPUT-001', 'Input', 'an empty title → 4xx and nothing stored', { needs: ['persistence'] }),
  item('INPUT-002', 'Input', 'a 256-character title → 4xx and nothing stored', { needs: ['persistence'] }),
  item('INPUT-003', 'Input', 'wrong types (number title, number description, array body) → 4xx', { needs: ['persistence'] }),
  item('INPUT-004', 'Input', 'a body without title → 4xx', { needs: ['persistence'] }),
  item('INPUT-005', 'Input', 'a huge payload (1 MiB) → 4xx, never 5xx'),
  item('INPUT-006', 'Input', 'non-JSON and broken JSON bodies → 4xx', { needs: ['persistence'] }),
  item('INPUT-007', 'Input', 'odd unicode (emoji, RTL, zero-width, NUL) → stored exactly or 4xx, never 5xx', { needs: ['persistence'] }),
  item('INPUT-008', 'Input', 'an update rejected for its body leaves the task unchanged', { needs: ['persistence'] }),

  item('INPUT-009', 'Input', 'property-based bodies (fast-check: 50, or 1,000 with --thorough) never get a 5xx, and refused ones store nothing', { needs: ['persistence'] }),

  item('DATA-001', 'Data', 'concurrent toggles on one task all count (an even number leaves it as it was)', { needs: ['persistence'] }),
  item('DATA-002', 'Data', 'PUT without description keeps it', { needs: ['persistence'] }),

  item('CONF-001', 'Conformance', 'every response status is documented by the contract'),
  item('CONF-002', 'Conformance', 'every response with a body has a documented JSON content type'),
  item('CONF-003', 'Conformance', "every response body is valid against the contract's schema", { severity: 'fail' }),
  item('CONF-004', 'Conformance', "the backend's own OpenAPI (when it serves /openapi.json) matches the contract's operations", { severity: 'warn' }),

  item('CONF-005', 'Conformance', "Prism's validation proxy reports no response violating the contract (sl-violations)", { needs: ['prism-proxy'] }),

  item('CORS-001', 'CORS', 'a preflight from the allowed origin allows credentials, Authorization and every contract method', { needs: ['cors'] }),
  item('CORS-002', 'CORS', 'another origin is not allowed (no Access-Control-Allow-Origin for it)', { needs: ['cors'] }),
  item('CORS-003', 'CORS', 'never "*" together with credentials', { needs: ['cors'] }),
  item('CORS-004', 'CORS', 'another origin gets no Access-Control-Allow-* header at all', { severity: 'warn', needs: ['cors'] }),

  item('JWKS-001', 'JWKS', 'steady traffic causes no per-request JWKS fetch', { needs: ['issuer-stats'] }),
  item('JWKS-002', 'JWKS', 'tokens with unknown kids do not make the backend fetch the JWKS each time', { needs: ['issuer-stats'], severity: 'warn' }),
  item('JWKS-003', 'JWKS', 'a rotated key is picked up without a restart', { needs: ['rotate-keys', 'fast-jwks-refresh'] }),
]

/** Looks up an item; an unknown id is a bug in a check file. */
export function checklistItem(id: string): ChecklistItem {
  const found = CHECKLIST.find((i) => i.id === id)
  if (!found) throw new Error(`Unknown checklist id ${id}`)
  return found
}
