import { Injectable } from '@nestjs/common';
import { DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '../common/http/pagination.js';
import type { CaseEventSnapshot } from './case-event-hooks.js';
import { CaseEventPages, type EventRange } from './case-event-pages.js';
import { CaseEventStaff } from './case-event.entity.js';
import { caseEventView, type CaseEventView } from './case-event.views.js';

/** Who is looking at the calendar, and whether only their own events. */
export interface FirmCalendarScope {
  firmId: string;
  userId: string;
  mine: boolean;
}

/**
 * The firm's calendar: its events across every case, by startsAt then id, cancelled ones included.
 * "Mine" (on the staff or the creator) is the union of two keyset scans, each served by an index of
 * its own, merged here: one OR over two tables would leave the database scanning the whole firm.
 */
@Injectable()
export class FirmCalendarQueries {
  constructor(private readonly pages: CaseEventPages) {}

  async page(scope: FirmCalendarScope, range: EventRange): Promise<Page<CaseEventView>> {
    const { firmId, userId } = scope;
    if (!scope.mine) return views(await this.pages.page((qb) => qb.where('e.firmId = :firmId', { firmId }), range));
    const [created, staffed] = await Promise.all([
      // (firmId, createdBy, startsAt, id)
      this.pages.page((qb) => qb.where('e.firmId = :firmId AND e.createdBy = :userId', { firmId, userId }), range),
      // The caller's staff links (case_event_staff by userId), each event read by its primary key.
      this.pages.page((qb) => qb.innerJoin(CaseEventStaff, 'mine', 'mine.eventId = e.id AND mine.userId = :userId', { userId }).where('e.firmId = :firmId', { firmId }), range),
    ]);
    return views(mergePages(created, staffed, range.limit ?? DEFAULT_PAGE_SIZE));
  }
}

/**
 * The first `limit` of the union of two keyset pages over the same order: each page holds its own
 * set's first `limit` after the cursor, so together they hold the union's first `limit`. An event
 * both created by and staffed with the caller is in both, and counted once.
 */
export function mergePages(a: Page<CaseEventSnapshot>, b: Page<CaseEventSnapshot>, limit: number): Page<CaseEventSnapshot> {
  const byId = new Map<string, CaseEventSnapshot>();
  for (const event of [...a.items, ...b.items]) byId.set(event.id, event);
  const merged = [...byId.values()].sort(timelineOrder);
  const items = merged.slice(0, limit);
  const last = items[items.length - 1];
  const more = merged.length > limit || a.nextCursor !== null || b.nextCursor !== null;
  return { items, nextCursor: more && last ? encodeCursor({ at: last.startsAt, id: last.id }) : null };
}

function timelineOrder(x: CaseEventSnapshot, y: CaseEventSnapshot): number {
  return x.startsAt.getTime() - y.startsAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
}

function views(page: Page<CaseEventSnapshot>): Page<CaseEventView> {
  return { items: page.items.map((e) => caseEventView(e, e.staffIds)), nextCursor: page.nextCursor };
}
