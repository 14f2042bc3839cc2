import { DomainError } from '../common/errors/domain-error.js';
import { registerErrorStatuses } from '../common/errors/error-status.js';

export const MessagingErrorCode = {
  UNKNOWN_MERGE_FIELD: 'unknown_merge_field',
  TEMPLATE_SYNTAX_ERROR: 'template_syntax_error',
  /** The template parsed, but rendering it failed: a value it cannot read. */
  TEMPLATE_RENDER_FAILED: 'template_render_failed',
  /** The SMS passed 1,600 characters (UTF-16 code units) once rendered. */
  SMS_TOO_LONG: 'sms_too_long',
  /** The render ran away: too much time or memory, or more output than any message needs. */
  TEMPLATE_TOO_COSTLY: 'template_too_costly',
} as const;

/** The limits a render can pass: 422 at render (the data makes it so), 400 when saving or checking (the template does). */
const RENDER_LIMIT_CODES: ReadonlySet<string> = new Set([
  MessagingErrorCode.SMS_TOO_LONG,
  MessagingErrorCode.TEMPLATE_TOO_COSTLY,
]);

registerErrorStatuses({
  [MessagingErrorCode.UNKNOWN_MERGE_FIELD]: 400,
  [MessagingErrorCode.TEMPLATE_SYNTAX_ERROR]: 400,
  [MessagingErrorCode.TEMPLATE_RENDER_FAILED]: 400,
  [MessagingErrorCode.SMS_TOO_LONG]: 422,
  [MessagingErrorCode.TEMPLATE_TOO_COSTLY]: 422,
});

export function isRenderLimitError(error: unknown): error is DomainError {
  return error instanceof DomainError && RENDER_LIMIT_CODES.has(error.code);
}

/** A trial render with the examples that passed a limit refuses the template itself: 400, as every other save refusal. */
export function asTemplateRefusal(error: unknown): unknown {
  if (isRenderLimitError(error)) error.status = 400;
  return error;
}
