/** DEFECTS=a,b: the mistakes this proxy can be switched to make (examples/corpus/README.md). */
export const KNOWN_DEFECTS = ['decode-path', 'patch-body-500'] as const

export const defects = new Set(
  (process.env.DEFECTS ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean),
)
const unknown = [...defects].filter((d) => !(KNOWN_DEFECTS as readonly string[]).includes(d))
if (unknown.length > 0) throw new Error(`unknown DEFECTS ${unknown.join(', ')}; known: ${KNOWN_DEFECTS.join(', ')}`)
