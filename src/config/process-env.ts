/**
 * This process's environment with some variables set, for an entry point that runs the app its own
 * way (openapi.ts, on a throwaway database). Nothing outside src/config reads process.env itself.
 */
export function environmentWith(overrides: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, ...overrides };
}
