/**
 * The "Try it" lines `tck start` prints. They never contain a token (the project's rule: no live
 * token or secret in output, where it lands in scrollback, CI logs and screenshots): the first line
 * fetches one into `$TOKEN` when the person runs it, the others use `$TOKEN`. POSIX sh and curl only
 * (no jq): `sed` takes the token out of `{"token":"…"}`.
 */

/** Extracts the `token` member of the JSON answer piped into it. */
const TOKEN_FROM_JSON = `sed -E 's/.*"token":"([^"]*)".*/\\1/'`

/** Options of {@link tryItLines}. */
export interface TryItOptions {
  /** The shell line that sets `TOKEN`. */
  tokenLine: string
  /** Task API origin, e.g. `http://localhost:8000`. */
  apiUrl: string
  /** The user id the token is for (the path's `{user_id}`). */
  userId: string
}

/** The token line, then a list and a create of the user's tasks with `$TOKEN`; each line indented two spaces. */
export function tryItLines({ tokenLine, apiUrl, userId }: TryItOptions): string {
  const tasks = `${apiUrl}/api/${encodeURIComponent(userId)}/tasks`
  return [
    tokenLine,
    `curl -H "Authorization: Bearer $TOKEN" ${tasks}`,
    `curl -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '{"title":"Buy milk"}' ${tasks}`,
  ]
    .map((line) => `  ${line}\n`)
    .join('')
}

/**
 * Better Auth: signs the account in (the session cookie goes through a pipe, never a file), then
 * exchanges the cookie for a JWT at `/api/auth/token`. The password is in the line: it is the local
 * demo account's, printed on the line above anyway.
 * @param webUrl Better Auth's origin, e.g. `http://localhost:3000`
 */
export function betterAuthTokenLine(webUrl: string, account: { email: string; password: string }): string {
  const body = shellQuote(JSON.stringify({ email: account.email, password: account.password }))
  const signIn = `curl -s -c - -o /dev/null -H 'Content-Type: application/json' -d ${body} ${webUrl}/api/auth/sign-in/email`
  return `TOKEN=$(${signIn} | curl -s -b - ${webUrl}/api/auth/token | ${TOKEN_FROM_JSON})`
}

/** The simulated issuer: a token for any user id from its `/api/auth/token?sub=`. */
export function simulatedTokenLine(issuerUrl: string, userId: string): string {
  return `TOKEN=$(curl -s ${shellQuote(`${issuerUrl}/api/auth/token?sub=${encodeURIComponent(userId)}`)} | ${TOKEN_FROM_JSON})`
}

/** `value` as one single-quoted POSIX shell word. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}
