import { baselineText } from './baseline-text.ts'
import type { CheckReport, CheckReportItem } from './check-report.ts'
import { escapeXml } from './escape.ts'

const attr = (name: string, value: string | number) => `${name}="${escapeXml(String(value))}"`

/** An item's findings as one failure text: every finding's full story (after its baseline mark, if any) or the notes, then the fix. */
function failureText(item: CheckReportItem): string {
  return [
    ...item.findings.map((f) => (f.baseline ? `[${baselineText(f.baseline)}]\n${f.text}` : f.text)),
    ...(item.findings.length === 0 ? item.notes : []),
    ...(item.fix ? [`fix: ${item.fix}`] : []),
    `source: ${item.source.ref} · severity: ${item.severity}`,
  ].join('\n\n')
}

/** One `<testcase>` for an item: failure for FAIL, skipped (with the reason) for SKIP, system-out for WARN/INFO. */
function testcase(item: CheckReportItem): string {
  const open = `    <testcase ${attr('classname', `tck.${item.group}`)} ${attr('name', `${item.id} ${item.title}`)} time="0"`
  const first = item.notes[0] ?? ''
  switch (item.outcome) {
    case 'fail':
      return `${open}>\n      <failure ${attr('message', first)} ${attr('type', item.severity)}>${escapeXml(failureText(item))}</failure>\n    </testcase>`
    case 'skip':
      return `${open}>\n      <skipped ${attr('message', item.ran ? first || 'not provable on this target' : 'not selected by the filter')}/>\n    </testcase>`
    case 'warn':
    case 'info': {
      // A FAIL the baseline accepts passes here too, its reason first in system-out.
      const head = item.baselined ? `BASELINED (${item.baselined}): reported, not failing the run` : item.outcome.toUpperCase()
      return `${open}>\n      <system-out>${escapeXml(`${head}: ${failureText(item)}`)}</system-out>\n    </testcase>`
    }
    default:
      return `${open}/>`
  }
}

/**
 * `junit.xml`: one test suite per item group, one test case per checklist item (not per Vitest
 * case), its failure text the item's findings. Warnings and information pass, with their findings
 * in `<system-out>` (CI shows them without turning red).
 */
export function renderJunitReport(report: CheckReport): string {
  const suites = report.groups.map((group) => {
    const items = report.items.filter((i) => i.group === group)
    const count = (o: string) => items.filter((i) => i.outcome === o).length
    return [
      `  <testsuite ${attr('name', group)} ${attr('tests', items.length)} ${attr('failures', count('fail'))} errors="0" ${attr('skipped', count('skip'))} ${attr('timestamp', report.date.slice(0, 19))}>`,
      ...items.map(testcase),
      '  </testsuite>',
    ].join('\n')
  })
  const total = report.items.length
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attr('name', `tck check ${report.target}`)} ${attr('tests', total)} ${attr('failures', report.counts.fail)} errors="0" ${attr('skipped', report.counts.skip + report.counts.notRun)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}
