/**
 * A parsed OpenAPI document; only the parts tasks-tck reads are typed. Its own module (no imports)
 * so browser-safe code can name the type without touching the Node loader (load-contract.ts).
 */
export interface OpenApiDocument {
  openapi: string
  info: { title: string; version: string; [key: string]: unknown }
  paths: Record<string, Record<string, any>>
  components: Record<string, Record<string, any>>
  [key: string]: unknown
}
