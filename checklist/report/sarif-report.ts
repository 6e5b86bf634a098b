import { mkdirSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { CONTRACT_PATH } from '../../contracts/load-contract.ts'
import type { Severity } from '../checklist.ts'
import { redact } from '../support/exchange.ts'
import type { CheckReport, CheckReportItem, Finding, FindingBaseline } from './check-report.ts'
import { itemTags } from './item-taxonomy.ts'
import type { SarifLevel, SarifLog, SarifResult, SarifRule } from './sarif-log.ts'
import { matchRequest, readOperationLocations, samePathShape, type OpenApiLocations, type OperationLocation } from './openapi-locations.ts'

/**
 * `--report sarif`: the checklist's findings as SARIF 2.1.0 for code scanning. One rule per
 * checklist item (title, source, fix hint, OWASP and CWE tags), one result per finding (an item's
 * distinct note), located at the operation the finding names in the contract — or in the
 * backend's own OpenAPI file when one is given and has that operation.
 */

/** Options of {@link sarifReport}. */
export interface SarifReportOptions {
  /** The backend's own OpenAPI file (YAML or JSON): findings point there when it has the operation. */
  openApiPath?: string
  /** The contract file; default the package's `contracts/task-api.yaml`. */
  contractPath?: string
  /** Artifact URIs are relative to it (the repository root in CI); default the working directory. */
  baseDir?: string
}

const BASELINED = 'baselined: '
const LEVEL: Record<Severity, SarifLevel> = { fail: 'error', warn: 'warning', info: 'note' }
/** GitHub's security-severity scale (high, medium, low), for items with a weakness class. */
const SECURITY_SEVERITY: Record<Severity, string> = { fail: '7.5', warn: '5.0', info: '2.0' }

/** A suppression's justification: the baseline entry's reason, and its last day when it has one. */
const justification = (b: FindingBaseline) => redact(b.expires ? `${b.reason} (baselined until ${b.expires})` : b.reason)

/** The rule of one checklist item. */
function rule(item: CheckReportItem): SarifRule {
  const fix = item.fix ?? `See ${item.id} in CHECKLIST.md.`
  const spec = item.spec ? ` Specification: ${item.spec}.` : ''
  const tags = itemTags(item)
  return {
    id: item.id,
    name: item.title
      .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())
      .replace(/^./, (c) => c.toUpperCase())
      .slice(0, 80),
    shortDescription: { text: item.title },
    fullDescription: { text: `${item.title} (${item.source.ref}).${spec}` },
    help: {
      text: `${item.title}. Source: ${item.source.ref}. Fix: ${fix}`,
      markdown: `**${item.id}** ${item.title}\n\nSource: ${item.source.ref}\n\n**Fix:** ${fix}`,
    },
    defaultConfiguration: { level: LEVEL[item.severity] },
    properties: {
      tags,
      group: item.group,
      source: item.source.ref,
      ...(tags.includes('security') && { 'security-severity': SECURITY_SEVERITY[item.severity] }),
    },
  }
}

/** The contract operation an operation name (`getTask`, `GET /api/x/tasks`) or, failing that, a finding line names. */
function operationOf(name: string | undefined, line: string, contract: OpenApiLocations): OperationLocation | undefined {
  const ops = contract.operations
  const request = /^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH) (\/\S*)/.exec(name ?? line)
  if (request) {
    const method = request[1]!
    const path = request[2]!.split('?')[0]!
    // A method the contract does not declare there (a CORS preflight's OPTIONS): the path item, under the request's method.
    const item = matchRequest(contract.pathItems, method, path)
    return matchRequest(ops, method, path) ?? (item && { ...item, method })
  }
  const byId = (text: string) => ops.find((op) => op.operationId && new RegExp(`\\b${op.operationId}\\b`).test(text))
  return (name && byId(name)) || byId(line)
}

/**
 * Builds the SARIF log of a {@link CheckReport}: every checklist item as a rule, every finding of
 * an item that failed, warned or informed as a result, its message masked (no live credential).
 * Levels follow the item's outcome (its severity after `--strict`): fail → error, warn → warning,
 * info → note. A finding is located at each operation it names, else at the contract's `paths`;
 * one the baseline accepts carries an `external`, `accepted` suppression with the reason (an
 * expired entry suppresses nothing), and with a baseline every result has a `baselineState`:
 * `unchanged` when the baseline records the finding (accepted or expired), else `new`.
 */
export function sarifReport(report: CheckReport, options: SarifReportOptions = {}): SarifLog {
  const baseDir = options.baseDir ?? process.cwd()
  const uri = (file: string) => relative(baseDir, resolve(file)).split(sep).join('/')
  const contract = readOperationLocations(options.contractPath ?? CONTRACT_PATH)
  const backend = options.openApiPath ? readOperationLocations(options.openApiPath) : undefined
  const locate = (name: string | undefined, line: string): SarifResult['locations'][number] => {
    const op = operationOf(name, line, contract)
    const own = op && backend?.operations.find((b) => b.method === op.method && samePathShape(b.path, op.path))
    const where = own ?? op
    const region = where ? { startLine: where.line, startColumn: where.column } : { startLine: contract.pathsLine }
    return {
      physicalLocation: { artifactLocation: { uri: uri(own ? backend!.file : contract.file) }, region },
      ...(op && { logicalLocations: [{ name: op.operationId ?? `${op.method} ${op.path}`, fullyQualifiedName: `${op.method} ${op.path}`, kind: 'function' }] }),
    }
  }
  const results: SarifResult[] = []
  report.items.forEach((item, ruleIndex) => {
    const outcome = item.outcome
    if (outcome === 'pass' || outcome === 'skip') return
    const notes = item.notes.filter((n) => !n.startsWith(BASELINED))
    // Without findings (notes only), the item-level verdict: a failing item the baseline accepts is a warn with `baselined` set.
    const findings: Pick<Finding, 'summary' | 'operations' | 'baseline'>[] =
      item.findings.length > 0
        ? item.findings
        : (notes.length > 0 ? notes : [item.title]).map((summary) => ({
            summary,
            operations: [],
            ...(item.baselined && { baseline: { reason: item.baselined } }),
          }))
    for (const finding of findings) {
      const names = [...new Set(finding.operations.map((o) => o.operation))]
      const locations = (names.length > 0 ? names : [undefined]).map((name) => locate(name, finding.summary))
      const operation = locations[0]!.logicalLocations?.[0]?.name
      // A report built without the per-finding marks still knows an item the baseline accepted whole.
      const accepted = finding.baseline ? (finding.baseline.expired ? undefined : finding.baseline) : item.baselined ? { reason: item.baselined } : undefined
      results.push({
        ruleId: item.id,
        ruleIndex,
        // A FAIL the baseline accepted (now a WARN) stays an error, suppressed: code scanning shows what was accepted.
        level: LEVEL[item.baselined ? 'fail' : outcome],
        message: { text: `${item.id}: ${redact(finding.summary)}` },
        locations,
        ...(accepted && { suppressions: [{ kind: 'external' as const, status: 'accepted' as const, justification: justification(accepted) }] }),
        ...(report.baseline && { baselineState: finding.baseline ? ('unchanged' as const) : ('new' as const) }),
        properties: { outcome, ...(operation && { operation }) },
      })
    }
  })
  const { name, version } = report.tool
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name, version, rules: report.items.map(rule) } }, results }],
  }
}

/** Writes {@link sarifReport} to `results.sarif` in `dir` (created if missing). @returns its path. */
export function writeSarifReport(report: CheckReport, dir: string, options: SarifReportOptions = {}): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'results.sarif')
  writeFileSync(path, renderSarifReport(report, options))
  return path
}

/** {@link sarifReport} as the text of a `.sarif` file. */
export const renderSarifReport = (report: CheckReport, options: SarifReportOptions = {}): string => `${JSON.stringify(sarifReport(report, options), null, 2)}\n`

export type { SarifLevel, SarifLog, SarifResult, SarifRule } from './sarif-log.ts'
