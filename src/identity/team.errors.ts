import { registerErrorStatuses } from '../common/errors/error-status.js';

export const TeamErrorCode = {
  LAST_TEAM_ADMIN: 'last_team_admin',
  WRONG_PASSWORD: 'wrong_password',
} as const;

registerErrorStatuses({
  [TeamErrorCode.LAST_TEAM_ADMIN]: 409,
  [TeamErrorCode.WRONG_PASSWORD]: 403,
});
