/** Escaping for report text: findings quote backend responses, so every byte of them is hostile. */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text for HTML or XML element content and quoted attributes (`& < > " '` escaped). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]!)
}

/**
 * Text for an XML document: {@link escapeHtml}, plus the control characters XML 1.0 cannot carry
 * (a backend may answer any byte) shown as `\uXXXX`.
 */
export function escapeXml(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
  return escapeHtml(text).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * Text for a Markdown table cell or line: HTML escaped (GitHub renders inline HTML), pipes and
 * backticks neutralised, newlines folded, so a finding cannot break out of its cell or inject markup.
 */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/\|/g, '\\|')
    .replace(/`/g, '&#96;')
    .replace(/[[\]*_~]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ')
}

/** JSON for a `<script type="application/json">` block: `<` escaped so `</script>` cannot close it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
