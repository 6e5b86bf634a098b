/**
 * Bounds a validation answer. A validator that reports every error (Ajv's `allErrors`) turns a
 * 64 KiB body with thousands of unknown keys into a megabyte of 422, repeated once in `errors` and
 * once in `detail`: the client learns nothing from item 21 onwards, and the server pays for it.
 * Domain-free: any item with a location and a message.
 */

/** Most items a validation answer lists, in `errors` and in `detail`. */
export const MAX_VALIDATION_ITEMS = 20

/** One validation problem: where (`loc`, joined with `.` in `detail`) and what (`msg`). */
export interface LocatedMessage {
  loc: readonly (string | number)[]
  msg: string
}

/**
 * The first `max` items (default {@link MAX_VALIDATION_ITEMS}) and the `detail` that names them,
 * `loc: msg` joined with `; `. When items were left out, `detail` ends with `(and N more)`.
 */
export function capValidationItems<T extends LocatedMessage>(items: readonly T[], max = MAX_VALIDATION_ITEMS): { errors: T[]; detail: string } {
  const errors = items.slice(0, max)
  const listed = errors.map((e) => `${e.loc.join('.')}: ${e.msg}`).join('; ')
  const more = items.length - errors.length
  return { errors, detail: more > 0 ? `${listed} (and ${more} more)` : listed }
}
