import type { ItemOutcome } from '../run-checklist.ts'
import { baselineSummary, baselineText, noReasonSummary } from './baseline-text.ts'
import { type CheckReport, type CheckReportItem, type FindingBaseline, OUTCOMES } from './check-report.ts'
import { escapeHtml as h, jsonForScript } from './escape.ts'
import { REPORT_CSS, REPORT_JS } from './html-assets.ts'
import { renderMatrix } from './html-matrix.ts'

const LABEL: Record<ItemOutcome, string> = { fail: 'FAIL', warn: 'WARN', info: 'INFO', pass: 'PASS', skip: 'SKIP' }

/** The list of operations and statuses behind an item, e.g. `listTasks 200, getTask 200`. */
const operationsOf = (item: CheckReportItem) =>
  item.operations.length === 0 ? '' : `<p><b>Operations:</b> ${item.operations.map((o) => `<code>${h(o.operation)}</code> → ${o.status}`).join(', ')}</p>`

/** The note on `$TCK_TOKEN` that describeExchange puts under every exchange: shown once, above the items. */
const TOKEN_NOTE = /^\(TCK_TOKEN: .*\)$/

/** A finding's text without its summary line and curl lines (shown on their own). */
function exchangeOf(text: string): string {
  const rest = text
    .split('\n')
    .slice(1)
    .filter((l) => !l.startsWith('reproduce: curl ') && !TOKEN_NOTE.test(l))
    .join('\n')
  return rest.trim() ? `<pre>${h(rest)}</pre>` : ''
}

/** A finding's baseline mark: accepted (with reason and last day) or expired (it fails again). */
const baselineMark = (b: FindingBaseline) =>
  `<p class="baseline${b.expired ? ' expired' : ''}" data-baseline="${b.expired ? 'expired' : 'accepted'}"><span class="tag">${b.expired ? 'baseline expired' : 'baselined'}</span> ${h(b.expired ? baselineText(b) : baselineText(b).slice('baselined: '.length))}</p>`

/** Tags after an item's title: `baselined` (every finding accepted), `2/3 baselined`, `baseline expired`. */
function baselineTags(item: CheckReportItem): string {
  const accepted = item.findings.filter((f) => f.baseline && !f.baseline.expired).length
  const expired = item.findings.some((f) => f.baseline?.expired)
  const tags = [
    ...(item.baselined || (accepted > 0 && accepted === item.findings.length)
      ? ['baselined']
      : accepted > 0
        ? [`${accepted}/${item.findings.length} baselined`]
        : []),
    ...(expired ? ['baseline expired'] : []),
  ]
  return tags.map((t) => ` <span class="tag${t === 'baseline expired' ? ' expired' : ''}">${t}</span>`).join('')
}

function itemHtml(item: CheckReportItem): string {
  const open = item.outcome === 'fail' || item.outcome === 'warn' ? ' open' : ''
  const findings = item.findings.map(
    (f) =>
      `<div class="finding"><p><b>${h(f.summary)}</b></p>${f.baseline ? baselineMark(f.baseline) : ''}${exchangeOf(f.text)}${f.curl.map((c) => `<p class="label">reproduce</p><pre class="curl">${h(c)}</pre>`).join('')}</div>`,
  )
  const notes = item.findings.length === 0 && item.notes.length > 0 ? `<ul>${item.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : ''
  return [
    `<details class="item o-${item.outcome}" id="${h(item.id)}" data-outcome="${item.outcome}"${open}>`,
    `<summary><span class="badge">${LABEL[item.outcome]}</span> <b>${h(item.id)}</b> ${h(item.title)}${baselineTags(item)} <span class="sev">· severity ${item.severity} · ${h(item.source.ref)}</span></summary><div>`,
    `<p class="muted">Source: ${h(item.source.ref)} (${item.source.kind}) · severity <b>${item.severity}</b>${item.needs ? ` · needs ${h(item.needs.join(', '))}` : ''}${item.ran ? '' : ' · not selected by the filter'}</p>`,
    item.spec ? `<p class="muted">Specification: ${h(item.spec)}</p>` : '',
    item.baselined && !item.findings.some((f) => f.baseline) ? baselineMark({ reason: item.baselined }) : '',
    operationsOf(item),
    // What to do comes before the (long) exchanges that show why.
    item.fix && item.outcome !== 'pass' && item.outcome !== 'skip' ? `<p class="fix"><b>Fix:</b> ${h(item.fix)}</p>` : '',
    notes,
    ...findings,
    '</div></details>',
  ].join('\n')
}

/** Items by severity (rows: what the catalogue rates them) and outcome (columns); a count that is not zero is coloured. */
function severityTable(report: CheckReport): string {
  const rows = (['fail', 'warn', 'info'] as const).map(
    (s) =>
      `<tr><th>${s}</th>${OUTCOMES.map((o) => {
        const n = report.bySeverity[s][o]
        return `<td class="${n === 0 ? 'zero' : `o-${o}`}" data-severity="${s}" data-outcome="${o}">${n}</td>`
      }).join('')}</tr>`,
  )
  return `<table class="severity"><thead><tr><th>severity ╲ outcome</th>${OUTCOMES.map((o) => `<th class="o-${o}">${LABEL[o]}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
}

/** `2026-12-06 08:04 UTC` from an ISO date (the exact time stays in the `datetime` attribute). */
const shortDate = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`

/** The run's baseline: a line of counts, then each expired and unused entry. */
function baselineHtml(report: CheckReport): string {
  const summary = baselineSummary(report)
  if (!summary || !report.baseline) return ''
  const entry = (e: { item: string; finding?: string }) => `<a href="#${h(e.item)}">${h(e.item)}</a>${e.finding ? ` “${h(e.finding)}”` : ''}`
  const lines = [
    ...report.baseline.expired.map((e) => `<li class="expired">${entry(e)}: baseline entry expired on ${h(e.expires)} (${h(e.reason)}): fails again</li>`),
    ...report.baseline.unused.map((e) => `<li>${entry(e)}: unused, matched no finding (fixed? remove the entry)</li>`),
    ...report.baseline.noReason.map((e) => `<li class="expired">${entry(e)}: no reason yet</li>`),
  ]
  const noReason = noReasonSummary(report)
  return `<div class="baseline-summary"><p class="meta" data-baseline-summary>${h(summary)}</p>${noReason ? `<p class="expired" data-baseline-no-reason><strong>${h(noReason)}</strong></p>` : ''}${lines.length > 0 ? `<ul>${lines.join('')}</ul>` : ''}</div>`
}

/**
 * `index.html`: one self-contained page (inline CSS and JS, no network; opens from disk): a header
 * with the run and its counts by outcome and severity, the operations × groups matrix, and every
 * item with its source, severity, outcome, operations, exchanges (masked), curl lines and fix,
 * filterable by outcome. Every text is HTML-escaped: findings quote backend responses.
 */
export function renderHtmlReport(report: CheckReport): string {
  const { counts } = report
  const tokenNote = report.items.flatMap((i) => i.findings.flatMap((f) => f.text.split('\n'))).find((l) => TOKEN_NOTE.test(l))
  const chips = OUTCOMES.map((o) => `<span class="chip o-${o}" data-count="${o}">${LABEL[o]} ${counts[o]}</span>`).join('')
  const filters = OUTCOMES.map((o) => `<label class="chip o-${o}"><input type="checkbox" data-filter="${o}" checked> ${LABEL[o]}</label>`).join('')
  const groups = report.groups.map((g) => {
    const items = report.items.filter((i) => i.group === g)
    return `<section class="group" id="group-${h(g)}"><h2>${h(g)} <span class="muted">(${items[0]?.section ?? ''})</span></h2>\n${items.map(itemHtml).join('\n')}</section>`
  })
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>tck check: ${h(report.target)} — ${report.ok ? 'passed' : 'failed'}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1><span class="badge o-${report.ok ? 'pass' : 'fail'}">${report.ok ? 'PASSED' : 'FAILED'}</span> tck check: ${h(report.target)}</h1>
<p class="meta">Target <b>${h(report.target)}</b>${report.baseUrl === report.target ? '' : ` (${h(report.baseUrl)})`} · auth <b>${h(report.authMode)}</b>${report.strict ? ' · strict' : ''} · <time datetime="${h(report.date)}">${h(shortDate(report.date))}</time> · tasks-tck <b>${h(report.tool.version)}</b></p>
<div class="counts">${chips}${counts.notRun ? `<span class="chip o-none" data-count="notRun">not run ${counts.notRun}</span>` : ''}</div>
${severityTable(report)}
${baselineHtml(report)}
</header>
<main>
<h2>Operations × groups</h2>
${renderMatrix(report)}
<h2>Items</h2>
<div class="filters">Show: ${filters}</div>
${tokenNote ? `<p class="muted">${h(tokenNote.slice(1, -1))}</p>` : ''}
${groups.join('\n')}
</main>
<script type="application/json" id="tck-report">${jsonForScript({ counts: report.counts, ok: report.ok })}</script>
<script>${REPORT_JS}</script>
</body>
</html>
`
}
