import { CalendarFeed } from '../calendar-feed/calendar-feed.entity.js';
import { FirmEventVersion } from '../calendar-feed/firm-event-version.entity.js';
import { CaseEvent, CaseEventStaff } from '../case-events/case-event.entity.js';
import { Claim } from '../common/claims/claim.entity.js';
import { RateLimitWindow } from '../common/rate-limit/rate-limit-window.entity.js';
import { Client } from '../identity/entities/client.entity.js';
import { Firm } from '../identity/entities/firm.entity.js';
import { CaseClient, CaseStaff, LegalCase } from '../identity/entities/legal-case.entity.js';
import { Session } from '../identity/entities/session.entity.js';
import { StaffUser } from '../identity/entities/staff-user.entity.js';
import { ZoomCredential } from '../integrations/zoom/zoom-credential.entity.js';
import { ZoomOAuthState } from '../integrations/zoom/zoom-oauth-state.entity.js';
import { MessageTemplate } from '../messaging/message-template.entity.js';
import { Delivery } from '../reminders/delivery.entity.js';
import { ReminderRule } from '../reminders/reminder-rule.entity.js';

/** Every entity, listed once: the app, the CLI and the migration check use the same list. */
export const entities = [
  Firm,
  StaffUser,
  Client,
  LegalCase,
  CaseClient,
  CaseStaff,
  Session,
  RateLimitWindow,
  Claim,
  ZoomCredential,
  ZoomOAuthState,
  CaseEvent,
  CaseEventStaff,
  MessageTemplate,
  CalendarFeed,
  FirmEventVersion,
  ReminderRule,
  Delivery,
];
