/**
 * The browser half of the checklist: the spec's "Authentication Flow Testing" and "Integration
 * Testing" items as seen by a person in a browser. Each item is one Playwright test in
 * checklist/ui/specs titled `<ID> <title>`, run by `tck ui --url URL` against any frontend, and in
 * this repository's projects (our React app on the MSW worker and on the real stack, the Next.js
 * example). CHECKLIST.md lists them (`tck check --list`).
 */

/**
 * What a run can do to the frontend under test; an item needing a missing one is skipped with the reason.
 * - `cross-origin`: the Task API is a server of its own, so a request to it can be seen on the wire.
 * - `token-expiry`: the page's JWT can be made to expire (a mock build's `window.tckMock`, or a
 *   Better Auth whose tokens live `--token-ttl` seconds, short enough to wait out).
 */
export type BrowserCapability = 'cross-origin' | 'token-expiry'

export interface BrowserChecklistItem {
  id: string
  title: string
  /** The spec's wording, when the item is one of its checklist lines. */
  spec?: string
  needs?: readonly BrowserCapability[]
}

/** Why a run without the capability cannot prove an item, and what would enable it. */
export const BROWSER_CAPABILITY_REASONS: Record<BrowserCapability, string> = {
  'cross-origin': 'the frontend runs on the mock (--mock): every Task API call is answered inside the page, so no cross-origin request is made',
  'token-expiry':
    "no way to make the page's JWT expire: run a mock build with --mock (startMockWorker({ exposeOnWindow: true })), or give --token-ttl SECONDS when the frontend's Better Auth issues short-lived JWTs (jwt({ jwt: { expirationTime: '20s' } }) on staging)",
}

export const BROWSER_CHECKLIST: readonly BrowserChecklistItem[] = [
  {
    id: 'UI-001',
    title: 'an unauthenticated visit to a protected page redirects to sign-in and returns there after signing in',
    spec: 'Unauthenticated user attempts to access protected routes → Redirect to login',
  },
  {
    id: 'UI-002',
    title: 'valid credentials sign in, a JWT for the user is issued and sent, and the tasks are shown',
    spec: 'Valid login credentials → Successful authentication and JWT issuance',
  },
  {
    id: 'UI-003',
    title: 'invalid credentials show the same neutral error for an unknown email and a wrong password',
    spec: 'Invalid login credentials → Appropriate error message without revealing account existence',
  },
  {
    id: 'UI-004',
    title: 'an expired session leads to sign-in with a "session expired" message and back to the page afterwards',
    spec: 'Session expiration → Automatic redirect to login with preserved destination intent',
    needs: ['token-expiry'],
  },
  {
    id: 'UI-005',
    title: 'an expired token is refreshed and the work continues without leaving the page',
    spec: 'Token refresh functionality → Seamless continuation of authenticated activities',
    needs: ['token-expiry'],
  },
  {
    id: 'UI-006',
    title: 'a task is created, listed, edited, toggled and deleted through the UI, and the changes persist',
    spec: 'End-to-end task operations (create, read, update, delete) work with proper authentication',
  },
  {
    id: 'UI-007',
    title: 'the app calls the API on another origin through CORS with the Authorization header',
    spec: 'Cross-origin requests work properly with configured CORS settings',
    needs: ['cross-origin'],
  },
  {
    id: 'UI-008',
    title: 'a rejected field (422) shows its message next to the field and keeps the input',
    spec: 'Error handling displays appropriate messages to users',
  },
  {
    id: 'UI-009',
    title: 'another user\'s task list shows "You don\'t have permission" (403)',
    spec: 'Valid token with incorrect user_id in path → 403 Forbidden response',
  },
  { id: 'UI-010', title: 'an unknown task shows "not found" with a way back (404)', spec: 'Error handling displays appropriate messages to users' },
  {
    id: 'UI-011',
    title: 'a network failure shows an offline message, and Retry recovers once the network is back',
    spec: 'Error handling displays appropriate messages to users',
  },
  { id: 'UI-012', title: 'the session survives a page reload and navigation', spec: 'Session state persists across page refreshes and navigation' },
  {
    id: 'UI-013',
    title: 'many simultaneous requests with an expired token share one token refresh',
    spec: 'Token management works correctly across multiple simultaneous requests',
    needs: ['token-expiry'],
  },
  { id: 'UI-014', title: 'signing up creates an account and signs in; a short password is explained next to the field' },
  { id: 'UI-015', title: 'signing out ends the session: protected pages redirect to sign-in again' },
  { id: 'UI-016', title: 'the JWT is never written to localStorage, sessionStorage or a script-readable cookie' },
]

/** The catalogue entry of `id`; throws for an unknown ID so a typo cannot create an unlisted test. */
export function browserItem(id: string): BrowserChecklistItem {
  const item = BROWSER_CHECKLIST.find((i) => i.id === id)
  if (!item) throw new Error(`${id} is not in checklist/browser-checklist.ts`)
  return item
}
