import type { AppOverrides } from '../app-overrides.ts'
import type { ServerConfig } from '../config/load-config.ts'
import type { TaskRepository } from '../tasks/task-repository.ts'
import { databaseValueErrorsAs500, errorsAsHtml, internalsInResponse } from './error-faults.ts'
import type { FaultName } from './faults.ts'
import {
  ExtraTaskField,
  FrozenUpdatedAt,
  LeakOtherUsersTasks,
  NullDescriptionIgnored,
  PutClearsDescription,
  SlowConcurrentWritesLost,
  UnboundedList,
  UnscopedTaskId,
} from './repository-faults.ts'
import { forbiddenOnForeignTask, forgedFieldsWritten, ownerFromBody, ownershipAfterValidation, sortByAsColumn } from './request-faults.ts'
import { anyTitle, forgeableUpdateBody, looseTaskId, openResponses, ownerInCreateBody } from './route-faults.ts'
import { tokenFaultOverrides } from './token-faults.ts'

/** The task repository built as `Repository` (one of the subclasses in repository-faults.ts). */
const repository = (Repository: typeof TaskRepository): AppOverrides => ({ createRepository: (pool, options) => new Repository(pool, options) })

/**
 * The parts each fault replaces outside token verification, the JWKS and the auth hook (those come
 * from token-faults.ts). A fault absent here changes none of these parts.
 */
const APP_FAULTS: Partial<Record<FaultName, AppOverrides>> = {
  // Reflecting any origin, or "*", both hand a credentialed API to every website.
  'cors-any-origin': { originPolicy: (origin) => origin ?? false },
  'cors-wildcard': { originPolicy: () => '*' },
  // find-my-way's default.
  'short-param-limit': { maxParamLength: 100 },
  'framework-error-bodies': { fastifyErrorBodies: true },
  'unscoped-task-id': repository(UnscopedTaskId),
  'leak-other-users-tasks': repository(LeakOtherUsersTasks),
  'slow-concurrent-writes-lost': repository(SlowConcurrentWritesLost),
  'frozen-updated-at': repository(FrozenUpdatedAt),
  'description-null-ignored': repository(NullDescriptionIgnored),
  'put-clears-description': repository(PutClearsDescription),
  'unbounded-list': repository(UnboundedList),
  'extra-task-field': { ...repository(ExtraTaskField), routes: openResponses },
  'body-sets-owner': { routes: ownerInCreateBody, addHooks: ownerFromBody },
  'no-title-validation': { routes: anyTitle },
  'path-param-500': { routes: looseTaskId(), errorHandler: databaseValueErrorsAs500 },
  'uuid-prefix-500': { routes: looseTaskId('format'), errorHandler: databaseValueErrorsAs500 },
  'forged-fields-on-update': { routes: forgeableUpdateBody, addHooks: forgedFieldsWritten },
  'forbidden-on-foreign-task': { addHooks: forbiddenOnForeignTask },
  'query-param-500': { addHooks: sortByAsColumn },
  'validate-before-ownership': { addHooks: ownershipAfterValidation },
  'error-as-html': { addHooks: errorsAsHtml },
  'internals-on-bad-token': { errorHandler: internalsInResponse },
}

/**
 * Both sets of parts: `second`'s win, except the wrappers and hooks, which both apply (`routes` and
 * `errorHandler` compose, `addHooks` run one after the other).
 */
export function mergeOverrides(first: AppOverrides, second: AppOverrides): AppOverrides {
  const merged: AppOverrides = { ...first, ...second }
  const { routes: r1, errorHandler: e1, addHooks: h1 } = first
  const { routes: r2, errorHandler: e2, addHooks: h2 } = second
  if (r1 && r2) merged.routes = (routes) => r2(r1(routes))
  if (e1 && e2) merged.errorHandler = (correct) => e2(e1(correct))
  if (h1 && h2) {
    merged.addHooks = (app, context) => {
      h1(app, context)
      h2(app, context)
    }
  }
  return merged
}

/**
 * The replaced parts that make the reference server break exactly the rule `name` describes
 * (faults/faults.ts); every other part stays the correct one. Used by `buildApp` when `TCK_FAULT`
 * is set; `config` gives the token faults the JWKS URL and timeout.
 */
export function faultOverrides(name: FaultName, config: ServerConfig): AppOverrides {
  return mergeOverrides(APP_FAULTS[name] ?? {}, tokenFaultOverrides(name, config))
}
