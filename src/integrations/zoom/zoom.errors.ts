import { registerErrorStatuses } from '../../common/errors/error-status.js';

export const ZoomErrorCode = {
  NOT_CONFIGURED: 'zoom_not_configured',
  NOT_CONNECTED: 'zoom_not_connected',
  RECONNECT_NEEDED: 'zoom_reconnect_needed',
  RATE_LIMITED: 'zoom_rate_limited',
  UNAVAILABLE: 'zoom_unavailable',
  CANNOT_HOST: 'zoom_cannot_host',
  EVENT_TITLE_REQUIRED: 'event_title_required',
  EVENT_START_REQUIRED: 'event_start_required',
  REQUEST_IN_PROGRESS: 'request_in_progress',
  IDEMPOTENCY_KEY_REUSED: 'idempotency_key_reused',
  WEBHOOK_UNAUTHORIZED: 'webhook_unauthorized',
} as const;

registerErrorStatuses({
  [ZoomErrorCode.NOT_CONFIGURED]: 409,
  [ZoomErrorCode.NOT_CONNECTED]: 409,
  [ZoomErrorCode.RECONNECT_NEEDED]: 409,
  [ZoomErrorCode.RATE_LIMITED]: 429,
  [ZoomErrorCode.UNAVAILABLE]: 502,
  [ZoomErrorCode.CANNOT_HOST]: 422,
  [ZoomErrorCode.EVENT_TITLE_REQUIRED]: 422,
  [ZoomErrorCode.EVENT_START_REQUIRED]: 422,
  [ZoomErrorCode.REQUEST_IN_PROGRESS]: 409,
  [ZoomErrorCode.IDEMPOTENCY_KEY_REUSED]: 422,
  [ZoomErrorCode.WEBHOOK_UNAUTHORIZED]: 401,
});

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
