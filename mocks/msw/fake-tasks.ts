import { base, en, Faker } from '@faker-js/faker'
import type { components } from '../../contracts/generated/task-api.ts'

/** Options of `TaskStore.seed` / {@link fakeTasks}. */
export interface SeedOptions {
  /** Faker seed: the same seed gives the same ids, titles, descriptions and flags. Default 42. */
  seed?: number
  /** Tasks per user. Default 3. */
  perUser?: number
}

type Task = components['schemas']['Task']

const DAY_MS = 86_400_000

/**
 * Fake but contract-valid tasks for `users`, created between 1 minute and 30 days before `now`
 * (epoch ms), oldest first per user. A private Faker instance is seeded, so the global `faker` of
 * the app or tests is left alone and two runs with one seed agree (timestamps move with `now`).
 */
export function fakeTasks(users: readonly string[], { seed = 42, perUser = 3 }: SeedOptions, now: number): Task[] {
  const faker = new Faker({ locale: [en, base] })
  faker.seed(seed)
  const tasks: Task[] = []
  for (const userId of users) {
    // Oldest first, so insertion order and creation order agree, as with real clients.
    const ages = Array.from({ length: perUser }, () => faker.number.int({ min: 60_000, max: 30 * DAY_MS }))
    for (const age of ages.sort((a, b) => b - a)) {
      const createdAt = new Date(now - age)
      const updatedAt = faker.datatype.boolean(0.3) ? new Date(now - faker.number.int({ min: 0, max: age })) : createdAt
      tasks.push({
        id: faker.string.uuid(),
        user_id: userId,
        title: `${capitalize(faker.hacker.verb())} the ${faker.hacker.noun()}`,
        description: faker.datatype.boolean(0.6) ? faker.lorem.sentence() : null,
        completed: faker.datatype.boolean(0.3),
        created_at: createdAt.toISOString(),
        updated_at: updatedAt.toISOString(),
      })
    }
  }
  return tasks
}

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)
