export async function runSelfTest(_options: { io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }; origin: string; databaseUrl?: string }): Promise<number> {
  throw new Error('not yet')
}
