import { ConfigValidationError } from './env.schema.js';

/** Ends a process that could not start, saying why without echoing any configured value. */
export function exitOnBootFailure(error: unknown): never {
  const message =
    error instanceof ConfigValidationError
      ? error.message
      : `Startup failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
