import type { Strategy } from 'passport';

export type StrategyOutcome =
  | { kind: 'redirect'; url: string }
  | { kind: 'success'; user: unknown; info: Record<string, unknown> }
  | { kind: 'fail'; challenge: unknown }
  | { kind: 'error'; error: unknown };

/**
 * Runs a Passport strategy the way passport.authenticate does (a fresh object whose prototype is the
 * strategy, with redirect/success/fail/error attached), but hands back the outcome instead of writing
 * the response, so the controller answers in the contract's shape.
 */
export function runStrategy(
  strategy: Strategy,
  req: unknown,
  options: Record<string, unknown>,
): Promise<StrategyOutcome> {
  return new Promise((resolve) => {
    const attempt = Object.create(strategy) as Strategy & Record<string, unknown>;
    attempt.redirect = (url: string) => resolve({ kind: 'redirect', url });
    attempt.success = (user: unknown, info?: Record<string, unknown>) =>
      resolve({ kind: 'success', user, info: info ?? {} });
    attempt.fail = (challenge: unknown) => resolve({ kind: 'fail', challenge });
    attempt.pass = () => resolve({ kind: 'fail', challenge: undefined });
    attempt.error = (error: unknown) => resolve({ kind: 'error', error });
    try {
      (attempt.authenticate as (req: unknown, options: Record<string, unknown>) => void).call(attempt, req, options);
    } catch (error) {
      resolve({ kind: 'error', error });
    }
  });
}
