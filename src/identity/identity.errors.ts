import { HttpStatus } from '@nestjs/common';

export const IdentityErrorCode = {
  EMAIL_TAKEN: 'email_taken',
  INVALID_CREDENTIALS: 'invalid_credentials',
  PORTAL_EMAIL_TAKEN: 'portal_email_taken',
} as const;

export type IdentityErrorCode = (typeof IdentityErrorCode)[keyof typeof IdentityErrorCode];

export const IDENTITY_ERROR_STATUS = {
  [IdentityErrorCode.EMAIL_TAKEN]: HttpStatus.CONFLICT,
  [IdentityErrorCode.INVALID_CREDENTIALS]: HttpStatus.UNAUTHORIZED,
  [IdentityErrorCode.PORTAL_EMAIL_TAKEN]: HttpStatus.CONFLICT,
} as const satisfies Record<IdentityErrorCode, HttpStatus>;
