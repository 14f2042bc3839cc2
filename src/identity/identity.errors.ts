import { registerErrorStatuses } from '../common/errors/error-status.js';

export const IdentityErrorCode = {
  EMAIL_TAKEN: 'email_taken',
  INVALID_CREDENTIALS: 'invalid_credentials',
  TEAM_SETTINGS_REQUIRED: 'team_settings_required',
  SUBSCRIPTION_INACTIVE: 'subscription_inactive',
  PORTAL_EMAIL_TAKEN: 'portal_email_taken',
} as const;

registerErrorStatuses({
  [IdentityErrorCode.EMAIL_TAKEN]: 409,
  [IdentityErrorCode.INVALID_CREDENTIALS]: 401,
  [IdentityErrorCode.TEAM_SETTINGS_REQUIRED]: 403,
  [IdentityErrorCode.SUBSCRIPTION_INACTIVE]: 403,
  [IdentityErrorCode.PORTAL_EMAIL_TAKEN]: 409,
});
