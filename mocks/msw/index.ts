/**
 * Public API of the MSW mocks (Node entry: includes the HTTP server).
 * A browser bundle imports `mocks/msw/browser.ts` instead, which re-exports only browser-safe modules.
 */
export * from './universal.ts'
export { createNodeMockHandlers } from './create-node-mock-handlers.ts'
export type { NodeMockHandlersOptions } from './create-node-mock-handlers.ts'
export { DEFAULT_SEED_USERS, startMockServer } from './mock-server.ts'
export type { MockServer, MockServerOptions } from './mock-server.ts'
export { createMockCors, MOCK_ALLOWED_HEADERS } from './mock-cors.ts'
export type { MockCors } from './mock-cors.ts'
