/**
 * `tasks-tck/contract`: the Task API contract as a library — the OpenAPI 3.1 document and its path,
 * the types generated from it, the Ajv validator over it, and the error registry every answer uses.
 * Node only (the document is read from disk); a browser imports `tasks-tck/client` instead.
 */
export { CONTRACT_PATH, loadContract, loadDereferencedContract } from './load-contract.ts'
export type { OpenApiDocument } from './load-contract.ts'
export { createContractValidator, formatViolations, listOperations } from './contract-schemas.ts'
export type { ContractOperation, ContractSchemaName, ContractValidationResult, ContractValidator, ContractViolation, HeadersLike } from './contract-schemas.ts'
export { listExamples } from './contract-examples.ts'
export type { ContractExample } from './contract-examples.ts'
export { BEARER_CHALLENGE, ERRORS, PROBLEM_CONTENT_TYPE, problem } from './error-registry.ts'
export type { ErrorCode, ProblemBody, ValidationItem } from './error-registry.ts'
export { DEFAULT_MAX_TASKS_PER_USER } from './task-limits.ts'
export type { components, operations, paths } from './generated/task-api.ts'
export type { Health, ProblemDetails, Readiness, Task, TaskCreate, TaskList, TaskListQuery, TaskUpdate } from './task-api-client.ts'
