import { HttpStatus } from '@nestjs/common';

export const TeamErrorCode = {
  LAST_TEAM_ADMIN: 'last_team_admin',
  WRONG_PASSWORD: 'wrong_password',
} as const;

export type TeamErrorCode = (typeof TeamErrorCode)[keyof typeof TeamErrorCode];

export const TEAM_ERROR_STATUS = {
  [TeamErrorCode.LAST_TEAM_ADMIN]: HttpStatus.CONFLICT,
  [TeamErrorCode.WRONG_PASSWORD]: HttpStatus.FORBIDDEN,
} as const satisfies Record<TeamErrorCode, HttpStatus>;
