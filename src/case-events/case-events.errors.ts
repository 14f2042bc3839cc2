import { HttpStatus } from '@nestjs/common';

export const CaseEventErrorCode = {
  EVENT_CANCELLED: 'event_cancelled',
} as const;

export type CaseEventErrorCode = (typeof CaseEventErrorCode)[keyof typeof CaseEventErrorCode];

export const CASE_EVENT_ERROR_STATUS = {
  [CaseEventErrorCode.EVENT_CANCELLED]: HttpStatus.CONFLICT,
} as const satisfies Record<CaseEventErrorCode, HttpStatus>;
