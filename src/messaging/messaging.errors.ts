import { registerErrorStatuses } from '../common/errors/error-status.js';

export const MessagingErrorCode = {
  UNKNOWN_MERGE_FIELD: 'unknown_merge_field',
  TEMPLATE_SYNTAX_ERROR: 'template_syntax_error',
  /** The template parsed, but rendering it failed: too slow, too large, or a value it cannot read. */
  TEMPLATE_RENDER_FAILED: 'template_render_failed',
} as const;

registerErrorStatuses({
  [MessagingErrorCode.UNKNOWN_MERGE_FIELD]: 400,
  [MessagingErrorCode.TEMPLATE_SYNTAX_ERROR]: 400,
  [MessagingErrorCode.TEMPLATE_RENDER_FAILED]: 400,
});
