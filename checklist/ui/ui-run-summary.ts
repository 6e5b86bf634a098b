/**
 * The outcome of a `tck ui` run per checklist item, read from Playwright's JSON report: the list
 * reporter prints no skip reason, and "skipped" must always say why (and what would enable it).
 */

/** One item's outcome. */
export interface UiItemOutcome {
  id: string
  title: string
  status: 'passed' | 'failed' | 'skipped'
  /** The skip's reason, or the failure's first line. */
  detail?: string
}

interface JsonSuite {
  specs?: {
    title: string
    tests: { status: string; annotations?: Annotation[]; results?: { status: string; annotations?: Annotation[]; errors?: { message?: string }[] }[] }[]
  }[]
  suites?: JsonSuite[]
}

interface Annotation {
  type: string
  description?: string
}

/** Drops ANSI colours, which Playwright puts in error messages. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is matched
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '')

/** Every item of the report (`JSON.parse` of Playwright's `results.json`), in report order. */
export function uiItemOutcomes(report: { suites?: JsonSuite[] }): UiItemOutcome[] {
  const outcomes: UiItemOutcome[] = []
  const visit = (suite: JsonSuite) => {
    for (const spec of suite.specs ?? []) {
      const id = /^UI-\d{3}/.exec(spec.title)?.[0]
      if (!id) continue
      for (const test of spec.tests) {
        const last = test.results?.at(-1)
        const annotations = [...(test.annotations ?? []), ...(last?.annotations ?? [])]
        if (test.status === 'skipped') {
          const reason = annotations.find((a) => a.type === 'skip' && a.description)?.description
          outcomes.push({ id, title: spec.title, status: 'skipped', detail: reason ?? 'skipped without a reason' })
        } else if (test.status === 'expected' || test.status === 'flaky') outcomes.push({ id, title: spec.title, status: 'passed' })
        else {
          const lines = stripAnsi(last?.errors?.[0]?.message ?? 'failed').split('\n')
          // A locator assertion's first line names only the matcher; the element it looked for is on the "Locator:" line.
          const locator = lines.find((line) => line.startsWith('Locator: '))
          outcomes.push({ id, title: spec.title, status: 'failed', detail: locator ? `${lines[0]} (${locator})` : lines[0] })
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child)
  }
  for (const suite of report.suites ?? []) visit(suite)
  return outcomes
}

/** The lines `tck ui` prints after the run: one per failed or skipped item, then the counts. */
export function uiSummaryLines(outcomes: readonly UiItemOutcome[]): string[] {
  const count = (status: UiItemOutcome['status']) => outcomes.filter((o) => o.status === status).length
  return [
    ...outcomes.filter((o) => o.status === 'failed').map((o) => `FAIL ${o.id}: ${o.detail}`),
    ...outcomes.filter((o) => o.status === 'skipped').map((o) => `SKIP ${o.id}: ${o.detail}`),
    `${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`,
  ]
}
