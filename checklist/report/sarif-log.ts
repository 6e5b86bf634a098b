import type { ItemOutcome } from '../run-checklist.ts'

/**
 * The part of SARIF 2.1.0 (OASIS) that `--report sarif` writes: a log with one run, whose driver
 * lists a rule per checklist item and whose results are the findings. Hand-written (no
 * `@types/sarif` dependency); tests/check/sarif-report.test.ts validates the output against the
 * official schema.
 */

/** SARIF's result level. */
export type SarifLevel = 'error' | 'warning' | 'note'
/** A SARIF 2.1.0 log, as far as this report writes one. */
export interface SarifLog {
  $schema: string
  version: '2.1.0'
  runs: { tool: { driver: { name: string; version: string; rules: SarifRule[] } }; results: SarifResult[] }[]
}
/** One `reportingDescriptor`: a checklist item. */
export interface SarifRule {
  id: string
  name: string
  shortDescription: { text: string }
  fullDescription: { text: string }
  help: { text: string; markdown: string }
  defaultConfiguration: { level: SarifLevel }
  properties: { tags: string[]; group: string; source: string; 'security-severity'?: string }
}
/** One finding. */
export interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: SarifLevel
  message: { text: string }
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } }
    logicalLocations?: { name: string; fullyQualifiedName: string; kind: 'function' }[]
  }[]
  /** A finding the baseline accepts (`--baseline`), with its reason (and expiry). */
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[]
  /** With a baseline: `unchanged` for a finding it records (accepted or expired), `new` otherwise. */
  baselineState?: 'new' | 'unchanged'
  properties: { outcome: ItemOutcome; operation?: string }
}
