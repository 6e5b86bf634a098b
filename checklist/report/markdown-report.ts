import { baselineSummary, baselineText, noReasonSummary } from './baseline-text.ts'
import type { CheckReport, CheckReportItem } from './check-report.ts'
import { escapeHtml, escapeMarkdown } from './escape.ts'

const MARK = { fail: '❌ FAIL', warn: '⚠️ WARN', info: 'ℹ️ INFO', pass: '✅ PASS', skip: '⏭️ SKIP' } as const

/** Details blocks can be long; a PR comment is capped at 65,536 characters, so each finding is cut. */
const MAX_FINDING = 2_000

/** Room for the whole summary: under GitHub's 65,536-character comment limit, with a margin. */
const MAX_TOTAL = 60_000

const cut = (text: string) => (text.length > MAX_FINDING ? `${text.slice(0, MAX_FINDING)}\n… (cut: see results.json)` : text)

/** ` (baselined)`, ` (1/2 baselined)`, ` (baseline expired)` after an item, or nothing. */
function baselineTag(item: CheckReportItem): string {
  const accepted = item.findings.filter((f) => f.baseline && !f.baseline.expired).length
  const tags = [
    ...(item.baselined || (accepted > 0 && accepted === item.findings.length)
      ? ['baselined']
      : accepted > 0
        ? [`${accepted}/${item.findings.length} baselined`]
        : []),
    ...(item.findings.some((f) => f.baseline?.expired) ? ['baseline expired'] : []),
  ]
  return tags.length > 0 ? ` (${tags.join(', ')})` : ''
}

/** The collapsible story of one item: notes, findings in a code block (HTML-escaped), the fix. */
function details(item: CheckReportItem): string {
  const body = [
    `<details><summary>${MARK[item.outcome]} <b>${escapeHtml(item.id)}</b> ${escapeHtml(item.title)}${baselineTag(item)}</summary>`,
    '',
    `Source: ${escapeMarkdown(item.source.ref)} · severity: ${item.severity}`,
    '',
    ...item.findings.map(
      (f) =>
        `${f.baseline ? `${f.baseline.expired ? '⏰' : '🔕'} <i>${escapeHtml(baselineText(f.baseline))}</i>\n` : ''}<pre>${escapeHtml(cut(f.text))}</pre>\n`,
    ),
    ...(item.baselined && !item.findings.some((f) => f.baseline) ? [`🔕 <i>${escapeHtml(baselineText({ reason: item.baselined }))}</i>`, ''] : []),
    ...(item.findings.length === 0 ? item.notes.map((n) => `- ${escapeMarkdown(n)}`) : []),
    ...(item.fix ? ['', `**Fix:** ${escapeMarkdown(item.fix)}`] : []),
    '',
    '</details>',
  ]
  return body.join('\n')
}

/**
 * `summary.md`: a Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the
 * verdict and counts, a table of FAIL and WARN items, and each finding in a collapsible block.
 * Every text from the run is escaped (it quotes backend responses).
 */
export function renderMarkdownReport(report: CheckReport): string {
  const { counts } = report
  const findings = report.items.filter((i) => i.outcome === 'fail' || i.outcome === 'warn')
  const infos = report.items.filter((i) => i.outcome === 'info')
  const lines = [
    `## ${report.ok ? '✅' : '❌'} tck check: ${escapeMarkdown(report.target)}`,
    '',
    `Auth mode **${report.authMode}**${report.strict ? ' (strict: warnings fail)' : ''} · ${report.date} · tasks-tck ${escapeMarkdown(report.tool.version)}`,
    '',
    '| FAIL | WARN | INFO | PASS | SKIP |',
    '|---:|---:|---:|---:|---:|',
    `| ${counts.fail} | ${counts.warn} | ${counts.info} | ${counts.pass} | ${counts.skip} |`,
    '',
  ]
  const baseline = baselineSummary(report)
  if (baseline && report.baseline) {
    lines.push(escapeMarkdown(baseline), '')
    const noReason = noReasonSummary(report)
    if (noReason) lines.push(`> ⚠️ **${escapeMarkdown(noReason)}**`, '')
    for (const e of report.baseline.noReason) lines.push(`- ⚠️ **${e.item}**${e.finding ? ` “${escapeMarkdown(e.finding)}”` : ''}: no reason yet`)
    for (const e of report.baseline.expired)
      lines.push(
        `- ⏰ **${e.item}**${e.finding ? ` “${escapeMarkdown(e.finding)}”` : ''}: baseline entry expired on ${e.expires} (${escapeMarkdown(e.reason)}): fails again`,
      )
    for (const e of report.baseline.unused) lines.push(`- **${e.item}**${e.finding ? ` “${escapeMarkdown(e.finding)}”` : ''}: unused entry, matched no finding`)
    if (report.baseline.expired.length + report.baseline.unused.length + report.baseline.noReason.length > 0) lines.push('')
  }
  if (findings.length === 0) lines.push('No item failed or warned.', '')
  else {
    lines.push('| outcome | item | severity | source | finding |', '|---|---|---|---|---|')
    for (const item of findings) {
      const first = item.notes[0] ?? ''
      const more = item.notes.length > 1 ? ` (+${item.notes.length - 1} more)` : ''
      lines.push(
        `| ${MARK[item.outcome]}${baselineTag(item)} | **${item.id}** ${escapeMarkdown(item.title)} | ${item.severity} | ${escapeMarkdown(item.source.ref)} | ${escapeMarkdown(first)}${more} |`,
      )
    }
    lines.push('')
  }
  const blocks = [...findings, ...infos].map(details)
  let size = lines.join('\n').length
  for (const [index, block] of blocks.entries()) {
    if (size + block.length > MAX_TOTAL) {
      lines.push(`… ${blocks.length - index} more item(s) with findings: see the HTML or JSON report.`, '')
      break
    }
    lines.push(block, '')
    size += block.length + 2
  }
  if (counts.skip > 0) lines.push(`${counts.skip} item(s) not provable on this target (see the HTML report for the reasons).`, '')
  return `${lines.join('\n')}\n`
}
