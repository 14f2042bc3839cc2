/** Runs `find` over `values` 500 at a time and concatenates the answers: IN lists stay short on both databases. */
export async function inChunks<T>(values: string[], find: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < values.length; i += 500) found.push(...(await find(values.slice(i, i + 500))));
  return found;
}
