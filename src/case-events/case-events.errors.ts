import { registerErrorStatuses } from '../common/errors/error-status.js';

export const CaseEventErrorCode = {
  EVENT_CANCELLED: 'event_cancelled',
} as const;

registerErrorStatuses({
  [CaseEventErrorCode.EVENT_CANCELLED]: 409,
});
