import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type SelectQueryBuilder } from 'typeorm';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '../common/http/pagination.js';
import { parseInstant } from '../common/http/validators.js';
import { keysetPageWith } from '../database/keyset-page.js';
import { plainRowReader } from '../database/plain-rows.js';
import { CaseEventPages, type EventRange } from './case-event-pages.js';
import { CaseEvent, CaseEventStaff } from './case-event.entity.js';
import { caseEventView, type CaseEventView } from './case-event.views.js';

/** Who is looking at the calendar, and whether only their own events. */
export interface FirmCalendarScope {
  firmId: string;
  userId: string;
  mine: boolean;
}

/** Where an event sits in the calendar's order. */
export interface CalendarKey {
  id: string;
  startsAt: Date;
}

/** The index GET /events reads in order (migration 1765500000000). */
export const FIRM_CALENDAR_INDEX = ['firmId', 'startsAt', 'id'];
/** Up to this many staff links, SQLite reads a caller's links first (see staffedFirst). */
const FEW_LINKS = 2000;

/**
 * The firm's calendar: its events across every case, by startsAt then id, cancelled ones included.
 * A page is found as keys first (id and startsAt, read from indexes alone), then its events and staff
 * are read by id in one query. "Mine" (on the staff or the creator) is the union of two keyset scans,
 * each served by an index of its own, merged here: one OR over two tables would scan the whole firm.
 */
@Injectable()
export class FirmCalendarQueries {
  constructor(
    @InjectRepository(CaseEvent) private readonly events: Repository<CaseEvent>,
    private readonly pages: CaseEventPages,
  ) {}

  async page(scope: FirmCalendarScope, range: EventRange): Promise<Page<CaseEventView>> {
    const { firmId, userId } = scope;
    const limit = range.limit ?? DEFAULT_PAGE_SIZE;
    const keys = scope.mine
      ? mergeKeys(
          ...(await Promise.all([
            // (firmId, createdBy, startsAt, id)
            this.keys((qb) => qb.where('e.firmId = :firmId AND e.createdBy = :userId', { firmId, userId }), range),
            // The events the caller is on: MariaDB picks between reading their links and reading the firm in order; see staffedFirst.
            this.keys(
              (qb) =>
                qb
                  .innerJoin(CaseEventStaff, 'mine', 'mine.eventId = e.id AND mine.userId = :userId', { userId })
                  .where('e.firmId = :firmId', { firmId }),
              range,
              undefined,
              await this.staffedFirst(userId),
            ),
          ])),
          limit,
        )
      : await this.keys((qb) => qb.where('e.firmId = :firmId', { firmId }), range, FIRM_CALENDAR_INDEX);
    if (keys.items.length === 0) return { items: [], nextCursor: keys.nextCursor };
    const ids = keys.items.map((k) => k.id);
    // By primary key alone: with firmId beside it, SQLite reads the firm's index in order instead (keys are the firm's already).
    const events = await this.pages.page((qb) => qb.where('e.id IN (:...ids)', { ids }), { limit: ids.length });
    return {
      items: events.items.filter((e) => e.firmId === firmId).map((e) => caseEventView(e, e.staffIds)),
      nextCursor: keys.nextCursor,
    };
  }

  /**
   * On SQLite, whether to read the caller's staff links first (by userId, then each event by id) rather
   * than the firm's events in order, probing each for a link. SQLite keeps no statistics, so it always
   * reads the firm in order: a whole-firm scan for a member on few events. Counting at most
   * FEW_LINKS links bounds this check, and the sort the links-first plan does.
   */
  private async staffedFirst(userId: string): Promise<boolean> {
    if (this.events.manager.connection.options.type !== 'better-sqlite3') return false;
    const [row] = await this.events.query<Array<{ links: number }>>(
      'SELECT COUNT(*) AS links FROM (SELECT 1 FROM case_event_staff WHERE userId = ? LIMIT ?) few',
      [userId, FEW_LINKS],
    );
    return Number(row?.links ?? 0) < FEW_LINKS;
  }

  /**
   * One keyset page of keys. `forceIndex` names an index MariaDB must read in order: given a range on
   * (firmId, startsAt) it otherwise walks the firm from its first event (ref access on firmId alone).
   */
  private async keys(
    narrow: (qb: SelectQueryBuilder<CaseEvent>) => void,
    range: EventRange,
    forceIndex?: string[],
    eventsById = false,
  ): Promise<Page<CalendarKey>> {
    const from = range.from === undefined ? null : parseInstant(range.from);
    const to = range.to === undefined ? null : parseInstant(range.to);
    if (from && to && to.getTime() <= from.getTime())
      throw new ValidationFailedError([{ field: 'to', message: 'to must be after from' }]);
    const qb = this.events.createQueryBuilder('e').select(['e.id', 'e.startsAt']);
    narrow(qb);
    if (from) qb.andWhere('e.startsAt >= :from', { from });
    if (to) qb.andWhere('e.startsAt < :to', { to });
    return keysetPageWith(qb, 'startsAt', range, async (finished) => {
      const read = plainRowReader(finished);
      const [query, parameters] = finished.getQueryAndParameters();
      let sql = query;
      const type = this.events.manager.connection.options.type;
      if (forceIndex && (type === 'mysql' || type === 'mariadb')) {
        const index = this.events.manager.connection.namingStrategy.indexName('case_events', forceIndex);
        sql = sql.replace('FROM `case_events` `e`', `FROM \`case_events\` \`e\` FORCE INDEX (\`${index}\`)`);
      }
      // Reaching events only through their primary key's index leaves SQLite one order: links first.
      if (eventsById)
        sql = sql.replace(
          'FROM "case_events" "e"',
          'FROM "case_events" "e" INDEXED BY "sqlite_autoindex_case_events_1"',
        );
      const rows = await this.events.query<Array<Record<string, unknown>>>(sql, parameters);
      return rows.map((row) => {
        const { id, startsAt } = read(row);
        return { id, startsAt };
      });
    });
  }
}

/**
 * The first `limit` of the union of two keyset pages over the same order: each page holds its own
 * set's first `limit` after the cursor, so together they hold the union's first `limit`. An event
 * both created by and staffed with the caller is in both, and counted once.
 */
export function mergeKeys(a: Page<CalendarKey>, b: Page<CalendarKey>, limit: number): Page<CalendarKey> {
  const byId = new Map<string, CalendarKey>();
  for (const key of [...a.items, ...b.items]) byId.set(key.id, key);
  const merged = [...byId.values()].sort(
    (x, y) => x.startsAt.getTime() - y.startsAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
  const items = merged.slice(0, limit);
  const last = items[items.length - 1];
  const more = merged.length > limit || a.nextCursor !== null || b.nextCursor !== null;
  return { items, nextCursor: more && last ? encodeCursor({ at: last.startsAt, id: last.id }) : null };
}
