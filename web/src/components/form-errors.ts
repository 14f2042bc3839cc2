import { ApiError } from '../api/client';

/**
 * Puts a validation_failed answer's messages at the form's fields (api field names are the form's);
 * returns whether any field took one, so the caller shows the rest above the form.
 */
export function applyFieldErrors(
  error: unknown,
  setFieldError: (field: string, message: string) => void,
  fields: readonly string[],
): boolean {
  if (!(error instanceof ApiError)) return false;
  let placed = false;
  for (const e of error.body.errors ?? []) {
    if (fields.includes(e.field)) {
      setFieldError(e.field, e.message);
      placed = true;
    }
  }
  return placed;
}

/** Whether a refusal's messages are all shown at the form's fields (then no summary above the form repeats them). */
export function shownAtFields(error: unknown, fields: readonly string[]): boolean {
  const errors = error instanceof ApiError ? (error.body.errors ?? []) : [];
  return errors.length > 0 && errors.every((e) => fields.includes(e.field));
}
