import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type SelectQueryBuilder } from 'typeorm';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { snapshotOf, type CaseEventSnapshot } from './case-event-hooks.js';
import { CaseEvent, CaseEventStaff } from './case-event.entity.js';
import type { Page } from '../common/http/pagination.js';
import { keysetPageWith } from '../database/keyset-page.js';
import { plainRowReader } from '../database/plain-rows.js';
import type { EventRangeQueryDto } from './dto/event-range.query.js';
import { parseInstant } from '../common/http/validators.js';

export type EventRange = Pick<EventRangeQueryDto, 'from' | 'to' | 'cursor' | 'limit'>;

/** Keyset pages of events in timeline order (startsAt, then id), whatever narrows them. */
@Injectable()
export class CaseEventPages {
  constructor(
    @InjectRepository(CaseEvent) private readonly events: Repository<CaseEvent>,
    @InjectRepository(CaseEventStaff) private readonly staff: Repository<CaseEventStaff>,
  ) {}

  async page(narrow: (qb: SelectQueryBuilder<CaseEvent>) => void, range: EventRange): Promise<Page<CaseEventSnapshot>> {
    const from = range.from === undefined ? null : parseInstant(range.from);
    const to = range.to === undefined ? null : parseInstant(range.to);
    if (from && to && to.getTime() <= from.getTime())
      throw new ValidationFailedError([{ field: 'to', message: 'to must be after from' }]);
    const qb = this.events.createQueryBuilder('e');
    narrow(qb);
    if (from) qb.andWhere('e.startsAt >= :from', { from });
    if (to) qb.andWhere('e.startsAt < :to', { to });
    return keysetPageWith(qb, 'startsAt', range, (finished) => this.withStaff(finished));
  }

  /**
   * The page's events and their staff in one round trip (the page as a derived table, left-joined to
   * its staff links), read as plain rows: a timeline page can be hundreds of events.
   */
  private async withStaff(qb: SelectQueryBuilder<CaseEvent>): Promise<CaseEventSnapshot[]> {
    const readEvent = plainRowReader(qb);
    const [pageSql, parameters] = qb.getQueryAndParameters();
    const id = `${qb.alias}_id`;
    const startsAt = `${qb.alias}_startsAt`;
    const rows = await this.events.query<Array<Record<string, unknown> & { staffUserId: string | null }>>(
      `SELECT page.*, s.userId AS staffUserId FROM (${pageSql}) page LEFT JOIN case_event_staff s ON s.eventId = page.${id} ORDER BY page.${startsAt}, page.${id}`,
      parameters,
    );
    // Rows come grouped by event, one per staff link (or one with no staff).
    const grouped: Array<{ event: CaseEvent; staffIds: string[] }> = [];
    for (const row of rows) {
      let last = grouped[grouped.length - 1];
      if (last?.event.id !== row[id]) grouped.push((last = { event: readEvent(row), staffIds: [] }));
      if (row.staffUserId !== null) last.staffIds.push(row.staffUserId);
    }
    return grouped.map(({ event, staffIds }) => snapshotOf(event, staffIds));
  }

  /**
   * A value that changes whenever anything a timeline page of the case shows changes: events are
   * never deleted, a new one raises the count, and every edit (staff and links included) raises its
   * sequence, so (count, sum of sequences) only ever grows. Read from an index alone.
   */
  async versionOf(firmId: string, caseId: string): Promise<{ events: number; version: string }> {
    const [row] = await this.events.query<Array<{ events: number | string; sequences: number | string | null }>>(
      'SELECT COUNT(*) AS events, SUM(sequence) AS sequences FROM case_events WHERE caseId = ? AND firmId = ?',
      [caseId, firmId],
    );
    const events = Number(row?.events ?? 0);
    return { events, version: `${events}:${String(row?.sequences ?? 0)}` };
  }

  /** Staff ids per event id. */
  async staffIdsOf(eventIds: string[]): Promise<Map<string, string[]>> {
    const byEvent = new Map<string, string[]>();
    if (eventIds.length === 0) return byEvent;
    for (const link of await this.staff.findBy({ eventId: In(eventIds) })) {
      const ids = byEvent.get(link.eventId);
      if (ids) ids.push(link.userId);
      else byEvent.set(link.eventId, [link.userId]);
    }
    return byEvent;
  }
}
