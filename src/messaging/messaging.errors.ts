import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import type { TwoStatuses } from '../common/errors/error-status.js';

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

export type MessagingErrorCode = (typeof MessagingErrorCode)[keyof typeof MessagingErrorCode];

export const MESSAGING_ERROR_STATUS = {
  [MessagingErrorCode.UNKNOWN_MERGE_FIELD]: HttpStatus.BAD_REQUEST,
  [MessagingErrorCode.TEMPLATE_SYNTAX_ERROR]: HttpStatus.BAD_REQUEST,
  [MessagingErrorCode.TEMPLATE_RENDER_FAILED]: HttpStatus.BAD_REQUEST,
  // api.md answers the render limits with two statuses: 422 at render (the data makes it so), 400 when
  // saving or checking a template (the trial render with the examples: the template does). Each throw
  // names which (template-engine.ts renders, MessageRenderer.check refuses).
  [MessagingErrorCode.SMS_TOO_LONG]: [HttpStatus.UNPROCESSABLE_ENTITY, HttpStatus.BAD_REQUEST],
  [MessagingErrorCode.TEMPLATE_TOO_COSTLY]: [HttpStatus.UNPROCESSABLE_ENTITY, HttpStatus.BAD_REQUEST],
} as const satisfies Record<MessagingErrorCode, HttpStatus | TwoStatuses>;

type RenderLimitCode = typeof MessagingErrorCode.SMS_TOO_LONG | typeof MessagingErrorCode.TEMPLATE_TOO_COSTLY;

const RENDER_LIMIT_CODES: ReadonlySet<string> = new Set<RenderLimitCode>([
  MessagingErrorCode.SMS_TOO_LONG,
  MessagingErrorCode.TEMPLATE_TOO_COSTLY,
]);

/** A render stopped at a limit: sms_too_long or template_too_costly. */
export function isRenderLimitError(error: unknown): error is DomainError & { readonly code: RenderLimitCode } {
  return error instanceof DomainError && RENDER_LIMIT_CODES.has(error.code);
}
