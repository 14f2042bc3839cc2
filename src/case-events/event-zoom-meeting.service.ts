import { Injectable } from '@nestjs/common';
import { Claims } from '../common/claims/claims.service.js';
import { CommonErrorCode, DomainError } from '../common/errors/domain-error.js';
import { Transactions } from '../database/transactions.js';
import type { StaffContext } from '../identity/auth/request-context.js';
import { ZoomMeetingService } from '../integrations/zoom/zoom-meeting.service.js';
import type { CaseEventSnapshot } from './case-event-hooks.js';
import type { CaseEventView } from './case-event.views.js';
import { CaseEventErrorCode } from './case-events.errors.js';
import { CaseEventsService } from './case-events.service.js';

const SCOPE = 'event-zoom-meeting';
/** Longer than one meeting creation can take (a 10 s Zoom timeout, plus a refresh and one retry). */
const LEASE_MS = 60_000;
const WAIT_MS = 25_000;

/**
 * "Add Zoom meeting" on a saved event: at most one meeting per event, whatever races. A claim on the
 * event is written to the database before Zoom is called; concurrent callers, in this process or
 * another, wait for the holder and answer the event it produced.
 */
@Injectable()
export class EventZoomMeetingService {
  constructor(
    private readonly events: CaseEventsService,
    private readonly meetings: ZoomMeetingService,
    private readonly claims: Claims,
    private readonly transactions: Transactions,
  ) {}

  async add(staff: StaffContext, eventId: string): Promise<{ created: boolean; event: CaseEventView }> {
    const firmId = staff.firm.id;
    for (;;) {
      const existing = await this.events.getRow(firmId, eventId);
      if (existing.zoomMeetingId) return this.answer(false, await this.events.withStaff(existing));
      if (existing.status === 'cancelled')
        throw new DomainError(
          CaseEventErrorCode.EVENT_CANCELLED,
          'This event was cancelled; a Zoom meeting cannot be added to it.',
        );
      ZoomMeetingService.validate({ title: existing.title, startsAt: existing.startsAt, timezone: existing.timezone });

      const outcome = await this.claims.claimOrWait(SCOPE, eventId, SCOPE, {
        keepMs: LEASE_MS,
        leaseMs: LEASE_MS,
        waitMs: WAIT_MS,
      });
      if (outcome.kind === 'busy') {
        throw new DomainError(
          CommonErrorCode.REQUEST_IN_PROGRESS,
          'A Zoom meeting is already being added to this event. Try again in a moment.',
          {},
          2,
        );
      }
      if (outcome.kind !== 'claimed') continue;
      let released = false;
      try {
        // The holder before us may have finished between our read and our claim.
        const current = await this.events.getRow(firmId, eventId);
        if (current.zoomMeetingId) return this.answer(false, await this.events.withStaff(current));
        const meeting = await this.meetings.create(staff.user.id, {
          title: current.title,
          startsAt: current.startsAt,
          endsAt: current.endsAt,
          timezone: current.timezone,
        });
        // The meeting exists in Zoom now: a database that went away is waited for a while, not given up on.
        const saved = await this.transactions.runOutlastingOutage(async () => {
          const locked = await this.events.getForUpdate(firmId, eventId);
          const linked = await this.events.setVideoLink(locked, meeting.joinUrl, meeting.meetingId);
          // The claim goes with the commit that links the meeting (release joins it), so no waiter can see neither.
          await this.claims.release(SCOPE, eventId);
          return linked;
        });
        released = true;
        return this.answer(true, saved);
      } finally {
        if (!released) await this.claims.release(SCOPE, eventId);
      }
    }
  }

  private answer(created: boolean, event: CaseEventSnapshot): { created: boolean; event: CaseEventView } {
    return { created, event: this.events.view(event, event.staffIds) };
  }
}
