import type { ChecklistItem } from '../checklist.ts'

/**
 * The weakness classes behind each checklist item, for SARIF tags and code-scanning filters: the
 * OWASP API Security Top 10 (2023) ids its source names, plus those and the CWE ids its rule
 * implies. The catalogue names OWASP ids in `source.ref` but no CWE ids, hence this table; an
 * item that is conformance or function only (a status code, a header, a shape) has none.
 */
export interface ItemTaxonomy {
  /** OWASP API Top-10 2023 ids, e.g. `API1:2023`. */
  owasp: string[]
  /** CWE ids, e.g. `CWE-639`. */
  cwe: string[]
}

/**
 * CWE ids (and OWASP ids the source leaves implicit) per item id, the most specific weakness first:
 * 306 missing authentication, 287 improper authentication, 347 unverified signature, 345 unverified
 * claims, 613 expiry not enforced, 639 BOLA, 915 mass assignment, 696 checks in the wrong order,
 * 770 no limit on resources, 942 permissive CORS, 209 error leakage, 755 unhandled exceptional
 * conditions (a 5xx), 176 Unicode handling, 1391/1392 weak and default credentials, 362 races.
 */
export const ITEM_WEAKNESSES: Readonly<Record<string, { cwe: readonly number[]; owasp?: readonly number[] }>> = {
  'SPEC-002': { cwe: [639], owasp: [1] },
  'SPEC-003': { cwe: [287, 613], owasp: [2] },
  'SPEC-004': { cwe: [306], owasp: [2] },
  'SPEC-005': { cwe: [209, 287], owasp: [2, 8] },
  'AUTH-001': { cwe: [306], owasp: [2] },
  'AUTH-002': { cwe: [287], owasp: [2] },
  'AUTH-003': { cwe: [287], owasp: [2] },
  'AUTH-004': { cwe: [287], owasp: [2] },
  'AUTH-005': { cwe: [347, 327], owasp: [2] },
  'AUTH-006': { cwe: [347], owasp: [2] },
  'AUTH-007': { cwe: [347, 327], owasp: [2] },
  'AUTH-008': { cwe: [347], owasp: [2] },
  'AUTH-009': { cwe: [347, 755], owasp: [2] },
  'AUTH-010': { cwe: [347] },
  'AUTH-011': { cwe: [347, 918] },
  'AUTH-012': { cwe: [345], owasp: [2] },
  'AUTH-013': { cwe: [613], owasp: [2] },
  'AUTH-014': { cwe: [287], owasp: [2] },
  'AUTH-015': { cwe: [345], owasp: [2] },
  'AUTH-016': { cwe: [345], owasp: [2] },
  'AUTH-017': { cwe: [287], owasp: [2] },
  'AUTH-018': { cwe: [613], owasp: [2] },
  'AUTH-020': { cwe: [209], owasp: [8] },
  'AUTH-021': { cwe: [613], owasp: [2] },
  'AUTH-022': { cwe: [613, 20], owasp: [2] },
  'AUTH-023': { cwe: [1392, 1391, 798] },
  'AUTH-024': { cwe: [345], owasp: [2] },
  'BOLA-001': { cwe: [639] },
  'BOLA-002': { cwe: [639] },
  'BOLA-003': { cwe: [639] },
  'BOLA-004': { cwe: [915] },
  'BOLA-005': { cwe: [696, 863], owasp: [1] },
  'INPUT-001': { cwe: [20] },
  'INPUT-002': { cwe: [20] },
  'INPUT-003': { cwe: [20] },
  'INPUT-004': { cwe: [20] },
  'INPUT-005': { cwe: [770] },
  'INPUT-006': { cwe: [20] },
  'INPUT-007': { cwe: [176, 755] },
  'INPUT-008': { cwe: [20] },
  'INPUT-009': { cwe: [20, 755] },
  'INPUT-010': { cwe: [20, 755] },
  'INPUT-011': { cwe: [20, 755] },
  'INPUT-012': { cwe: [20, 755] },
  'DATA-001': { cwe: [362] },
  'CONF-006': { cwe: [20, 755], owasp: [8] },
  'CORS-002': { cwe: [942] },
  'CORS-003': { cwe: [942], owasp: [8] },
  'CORS-004': { cwe: [942], owasp: [8] },
  'JWKS-001': { cwe: [770] },
  'JWKS-002': { cwe: [770], owasp: [4] },
  'JWKS-004': { cwe: [755] },
  'JWKS-005': { cwe: [400], owasp: [4] },
  'DOS-001': { cwe: [770] },
  'DOS-002': { cwe: [770, 400] },
}

/** The OWASP API Top-10 2023 and CWE ids of an item: those its source names, then the table's. */
export function itemTaxonomy(item: Pick<ChecklistItem, 'id' | 'source'>): ItemTaxonomy {
  const named = [...item.source.ref.matchAll(/\bAPI(\d+):2023\b/g)].map((m) => Number(m[1]))
  const entry = ITEM_WEAKNESSES[item.id]
  const owasp = [...new Set([...named, ...(entry?.owasp ?? [])])].sort((a, b) => a - b).map((n) => `API${n}:2023`)
  return { owasp, cwe: (entry?.cwe ?? []).map((n) => `CWE-${n}`) }
}

/**
 * SARIF `properties.tags` of an item: `security` when it has a weakness class, `OWASP-API1:2023`
 * style ids, and each CWE both as `CWE-639` and as GitHub's `external/cwe/cwe-639` (three digits at least: `cwe-020`).
 */
export function itemTags(item: Pick<ChecklistItem, 'id' | 'source'>): string[] {
  const { owasp, cwe } = itemTaxonomy(item)
  const security = owasp.length + cwe.length > 0 ? ['security'] : []
  return [...security, ...owasp.map((id) => `OWASP-${id}`), ...cwe, ...cwe.map((id) => `external/cwe/cwe-${id.slice(4).padStart(3, '0')}`)]
}
