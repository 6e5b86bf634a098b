/** The centralized Task API client: the only way an app calls the API. Browser-safe. */
export { createApiClient } from './create-api-client.ts'
export type { ApiClient, ApiClientOptions, CallOptions, ListOptions } from './create-api-client.ts'
export { ApiError, abortedError, isApiError, networkError, toApiError } from './api-error.ts'
export type { ApiErrorCode, ApiErrorInit } from './api-error.ts'
export { createTokenCache } from './token-cache.ts'
export type { TokenCache, TokenCacheOptions } from './token-cache.ts'
export type { Task, TaskCreate, TaskList, TaskUpdate } from '../../contracts/task-api-client.ts'
// The typed client (openapi-fetch over the contract's paths): one call per operation, typed end to end.
export { createTaskApiClient } from '../../contracts/task-api-client.ts'
export type {
  components,
  Health,
  operations,
  paths,
  ProblemDetails,
  Readiness,
  TaskApiClient,
  TaskApiClientOptions,
  TaskListQuery,
} from '../../contracts/task-api-client.ts'
