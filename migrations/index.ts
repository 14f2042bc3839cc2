import { Identity1764000000000 } from './1764000000000-Identity.js';
import { CaseEvents1764000000100 } from './1764000000100-CaseEvents.js';
import { MessagingTemplates1764000000200 } from './1764000000200-MessagingTemplates.js';
import { ZoomIntegration1764000000300 } from './1764000000300-ZoomIntegration.js';
import { Claims1764000000400 } from './1764000000400-Claims.js';
import { CalendarFeeds1764000000500 } from './1764000000500-CalendarFeeds.js';
import { Reminders1764000000600 } from './1764000000600-Reminders.js';
import { CaseEventFeedIndex1764000000700 } from './1764000000700-CaseEventFeedIndex.js';
import { CaseEventTimelineVersionIndex1764000000800 } from './1764000000800-CaseEventTimelineVersionIndex.js';
import { PortalLoginEmail1765000000000 } from './1765000000000-PortalLoginEmail.js';
import { ZoomFlowBindingAndLease1765100000000 } from './1765100000000-ZoomFlowBindingAndLease.js';
import { RepairOutOfRangeTimes1765200000000 } from './1765200000000-RepairOutOfRangeTimes.js';
import { SearchAndMembership1765400000000 } from './1765400000000-SearchAndMembership.js';
import { FirmCalendarIndex1765500000000 } from './1765500000000-FirmCalendarIndex.js';
import { SearchListIndex1765600000000 } from './1765600000000-SearchListIndex.js';
import { FormerMembers1765300000000 } from './1765300000000-FormerMembers.js';
import { RateLimitWindows1765700000000 } from './1765700000000-RateLimitWindows.js';
import { FirmEventVersions1765710000000 } from './1765710000000-FirmEventVersions.js';

/** Listed explicitly so the same list loads under node, ts-jest and the TypeORM CLI. */
export const migrations = [
  Identity1764000000000,
  CaseEvents1764000000100,
  MessagingTemplates1764000000200,
  ZoomIntegration1764000000300,
  Claims1764000000400,
  CalendarFeeds1764000000500,
  Reminders1764000000600,
  CaseEventFeedIndex1764000000700,
  CaseEventTimelineVersionIndex1764000000800,
  PortalLoginEmail1765000000000,
  ZoomFlowBindingAndLease1765100000000,
  RepairOutOfRangeTimes1765200000000,
  FormerMembers1765300000000,
  SearchAndMembership1765400000000,
  FirmCalendarIndex1765500000000,
  SearchListIndex1765600000000,
  RateLimitWindows1765700000000,
  FirmEventVersions1765710000000,
];
