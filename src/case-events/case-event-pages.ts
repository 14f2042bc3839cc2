import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type SelectQueryBuilder } from 'typeorm';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { snapshotOf, type CaseEventSnapshot } from './case-event-hooks.js';
import { CaseEvent, CaseEventStaff } from './case-event.entity.js';
import type { Page } from './case-event.views.js';
import { DEFAULT_PAGE_SIZE, type EventRangeQueryDto } from './dto/event-range.query.js';
import { decodeEventCursor, encodeEventCursor } from './event-cursor.js';
import { parseInstantWithOffset } from '../common/time.js';

export type EventRange = Pick<EventRangeQueryDto, 'from' | 'to' | 'cursor' | 'limit'>;

/** Keyset pages of events in timeline order (startsAt, then id), whatever narrows them. */
@Injectable()
export class CaseEventPages {
  constructor(
    @InjectRepository(CaseEvent) private readonly events: Repository<CaseEvent>,
    @InjectRepository(CaseEventStaff) private readonly staff: Repository<CaseEventStaff>,
  ) {}

  async page(narrow: (qb: SelectQueryBuilder<CaseEvent>) => void, range: EventRange): Promise<Page<CaseEventSnapshot>> {
    const from = range.from === undefined ? null : parseInstantWithOffset(range.from);
    const to = range.to === undefined ? null : parseInstantWithOffset(range.to);
    if (from && to && to.getTime() <= from.getTime()) throw new ValidationFailedError([{ field: 'to', message: 'to must be after from' }]);
    const after = range.cursor === undefined ? null : decodeEventCursor(range.cursor);
    const limit = range.limit ?? DEFAULT_PAGE_SIZE;

    const qb = this.events.createQueryBuilder('e');
    narrow(qb);
    if (from) qb.andWhere('e.startsAt >= :from', { from });
    if (to) qb.andWhere('e.startsAt < :to', { to });
    if (after) {
      qb.andWhere('(e.startsAt > :afterStart OR (e.startsAt = :afterStart AND e.id > :afterId))', { afterStart: after.startsAt, afterId: after.id });
    }
    // One row more than asked tells whether another page follows.
    const rows = await qb.orderBy('e.startsAt', 'ASC').addOrderBy('e.id', 'ASC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const staffOf = await this.staffIdsOf(items.map((e) => e.id));
    const last = items[items.length - 1];
    return {
      items: items.map((e) => snapshotOf(e, staffOf.get(e.id) ?? [])),
      nextCursor: rows.length > limit && last ? encodeEventCursor(last) : null,
    };
  }

  /** Staff ids per event id. */
  async staffIdsOf(eventIds: string[]): Promise<Map<string, string[]>> {
    const byEvent = new Map<string, string[]>();
    if (eventIds.length === 0) return byEvent;
    for (const link of await this.staff.findBy({ eventId: In(eventIds) })) {
      byEvent.set(link.eventId, [...(byEvent.get(link.eventId) ?? []), link.userId]);
    }
    return byEvent;
  }
}
