import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { aCaseEventSnapshot } from '../../test/factories/builders.js';
import { portalEventView } from './portal-event.view.js';

describe('portalEventView', () => {
  it("shows a client an event's time, place and link, and nothing of its description, staff, Zoom meeting or case", () => {
    const event = aCaseEventSnapshot({
      firmId: randomUUID(),
      caseId: randomUUID(),
      location: 'Courtroom 4B',
      description: 'Internal: bring the settlement draft',
      zoomMeetingId: '81234567890',
      staffIds: [randomUUID()],
    });
    const view = portalEventView(event);
    expect(view).toEqual({
      id: event.id,
      title: event.title,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt!.toISOString(),
      timezone: 'America/New_York',
      location: 'Courtroom 4B',
      videoLink: event.videoLink,
      status: 'scheduled',
    });
    const shown = JSON.stringify(view);
    for (const hidden of [event.description!, event.zoomMeetingId!, event.caseId, event.firmId, event.staffIds[0]!])
      expect(shown).not.toContain(hidden);
  });

  it('answers a cancelled event without an end as such', () => {
    const event = aCaseEventSnapshot({ firmId: randomUUID(), caseId: randomUUID(), endsAt: null, status: 'cancelled' });
    expect(portalEventView(event)).toMatchObject({ endsAt: null, status: 'cancelled' });
  });
});
