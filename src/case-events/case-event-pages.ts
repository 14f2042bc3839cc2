import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type SelectQueryBuilder } from 'typeorm';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { snapshotOf, type CaseEventSnapshot } from './case-event-hooks.js';
import { CaseEvent, CaseEventStaff } from './case-event.entity.js';
import type { Page } from '../common/http/pagination.js';
import { keysetPage } from '../database/keyset-page.js';
import type { EventRangeQueryDto } from './dto/event-range.query.js';
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
    const qb = this.events.createQueryBuilder('e');
    narrow(qb);
    if (from) qb.andWhere('e.startsAt >= :from', { from });
    if (to) qb.andWhere('e.startsAt < :to', { to });
    const page = await keysetPage(qb, 'startsAt', range);
    const staffOf = await this.staffIdsOf(page.items.map((e) => e.id));
    return { items: page.items.map((e) => snapshotOf(e, staffOf.get(e.id) ?? [])), nextCursor: page.nextCursor };
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
