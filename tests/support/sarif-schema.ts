import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Ajv } from 'ajv'
import formatsModule from 'ajv-formats'

/**
 * The SARIF 2.1.0 schema (vendored, see tests/fixtures/README.md) compiled once: `validateSarif(log)`
 * is true for a valid log, else `validateSarif.errors` says why.
 */
const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/sarif-schema-2.1.0.json'), 'utf8'))
// Draft-04 → Ajv 8 (draft-07): the schema's only draft-04 keywords are its top-level `id` and `$schema`.
const { id, $schema: _draft04, ...body } = schema
// `unicodeRegExp: false`: rtm.5's `language` pattern has a stray `]` that only a non-unicode RegExp reads.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })
// ajv-formats is CommonJS; under NodeNext its default import is `module.exports`, whose `default` is the plugin.
;(formatsModule as unknown as { default: (ajv: Ajv) => void }).default(ajv)
export const validateSarif = ajv.compile({ $id: id, ...body })
