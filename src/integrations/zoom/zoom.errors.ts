import { HttpStatus } from '@nestjs/common';

/** Zoom's own refusals; the generic ones the meeting endpoints also answer with live in CommonErrorCode. */
export const ZoomErrorCode = {
  NOT_CONFIGURED: 'zoom_not_configured',
  NOT_CONNECTED: 'zoom_not_connected',
  RECONNECT_NEEDED: 'zoom_reconnect_needed',
  RATE_LIMITED: 'zoom_rate_limited',
  UNAVAILABLE: 'zoom_unavailable',
  CANNOT_HOST: 'zoom_cannot_host',
  WEBHOOK_UNAUTHORIZED: 'webhook_unauthorized',
} as const;

export type ZoomErrorCode = (typeof ZoomErrorCode)[keyof typeof ZoomErrorCode];

export const ZOOM_ERROR_STATUS = {
  [ZoomErrorCode.NOT_CONFIGURED]: HttpStatus.CONFLICT,
  [ZoomErrorCode.NOT_CONNECTED]: HttpStatus.CONFLICT,
  [ZoomErrorCode.RECONNECT_NEEDED]: HttpStatus.CONFLICT,
  [ZoomErrorCode.RATE_LIMITED]: HttpStatus.TOO_MANY_REQUESTS,
  [ZoomErrorCode.UNAVAILABLE]: HttpStatus.BAD_GATEWAY,
  [ZoomErrorCode.CANNOT_HOST]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ZoomErrorCode.WEBHOOK_UNAUTHORIZED]: HttpStatus.UNAUTHORIZED,
} as const satisfies Record<ZoomErrorCode, HttpStatus>;

/** Messages a staff member can act on; the help guide's troubleshooting table is their source. */
export const ZoomMessages = {
  notConfigured:
    'Zoom is not enabled on this deployment. An administrator must configure ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET on the server.',
  notConnected: 'Connect Zoom first under Account → Settings → Firm → Integrations.',
  reconnectNeeded:
    'Zoom no longer accepts this connection (the authorization expired or was revoked). Click Connect again under Integrations and re-authorize in Zoom.',
  unavailable: 'Zoom is not responding right now. The event was not changed; try again in a moment.',
  cannotHost:
    'Your Zoom account cannot host meetings. Check that your Zoom account can host meetings, or connect one that can.',
  rateLimited: 'Zoom is limiting how many meetings can be created right now. Try again later.',
  dailyLimit: 'Your Zoom account reached its daily limit of meeting creations. Zoom resets it at 00:00 UTC.',
} as const;
