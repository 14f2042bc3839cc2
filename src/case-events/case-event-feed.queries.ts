import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type SelectQueryBuilder } from 'typeorm';
import { CasesService } from '../identity/cases.service.js';
import { CaseEvent, CaseEventStaff } from './case-event.entity.js';

/** Whose events a calendar feed carries. */
export type FeedEventScope =
  | { kind: 'staff'; firmId: string; userId: string }
  | { kind: 'case'; firmId: string; caseId: string }
  | { kind: 'client'; clientId: string };

/** How far back a feed reaches, and how long a cancelled event stays in a staff feed. */
export const FEED_PAST_DAYS = 90;
export const FEED_CANCELLED_DAYS = 30;
const DAY_MS = 86_400_000;

/** What a feed shows of an event; `description` is null in client feeds, never read for them. */
export interface FeedEvent {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date | null;
  location: string | null;
  description: string | null;
  videoLink: string | null;
  status: CaseEvent['status'];
  sequence: number;
  updatedAt: Date;
}

/** A cheap summary of a feed's event set: any change to the set or to one of its events changes it. */
export interface FeedEventSetVersion {
  count: number;
  lastChange: string;
  sequences: string;
  /** Client feeds: the cases the client is on, since moving between cases may keep count and last change. */
  caseIds: string[];
  /**
   * The first instant at which time alone takes an event out of the set (its start more than 90 days
   * ago, or its cancellation more than 30); null when nothing will leave. Until then, with no event
   * written, the set stays exactly as it is: events only ever enter it by being written.
   */
  changesBy: Date | null;
}

const COMMON_COLUMNS = [
  'e.id',
  'e.title',
  'e.startsAt',
  'e.endsAt',
  'e.location',
  'e.videoLink',
  'e.status',
  'e.sequence',
  'e.updatedAt',
];

/**
 * The event sets calendar feeds publish: a staff member's own events, a case's events, a client's
 * shared events. Lives here so that no other module queries the events table.
 */
@Injectable()
export class CaseEventFeedQueries {
  constructor(
    @InjectRepository(CaseEvent) private readonly events: Repository<CaseEvent>,
    private readonly cases: CasesService,
  ) {}

  /**
   * One aggregate over the feed's events at `now`; no event row is loaded. `caseIds`: a client's
   * cases as `caseIdsOf` answered them, when the caller has read them already.
   */
  async version(scope: FeedEventScope, now: Date, caseIds?: string[] | null): Promise<FeedEventSetVersion> {
    const cases = caseIds === undefined ? await this.caseIdsOf(scope) : caseIds;
    if (cases?.length === 0) return { count: 0, lastChange: '', sequences: '0', caseIds: [], changesBy: null };
    const raw = await this.narrowed(scope, cases ?? [], now)
      .select('COUNT(*)', 'count')
      .addSelect('MAX(e.updatedAt)', 'lastChange')
      .addSelect('SUM(e.sequence)', 'sequences')
      .addSelect('MIN(e.startsAt)', 'firstStart')
      .addSelect('MIN(e.cancelledAt)', 'firstCancelled')
      .getRawOne<{
        count: unknown;
        lastChange: unknown;
        sequences: unknown;
        firstStart: unknown;
        firstCancelled: unknown;
      }>();
    const lastChange = raw?.lastChange instanceof Date ? raw.lastChange.toISOString() : String(raw?.lastChange ?? '');
    // Only cancelled events have cancelledAt; on a scheduled one it is null, which MIN skips.
    const leaving = [
      this.instant(raw?.firstStart, 'startsAt', FEED_PAST_DAYS),
      this.instant(raw?.firstCancelled, 'cancelledAt', FEED_CANCELLED_DAYS),
    ].filter((ms): ms is number => ms !== null);
    return {
      count: Number(raw?.count ?? 0),
      lastChange,
      sequences: String(Number(raw?.sequences ?? 0)),
      caseIds: cases ?? [],
      changesBy: leaving.length ? new Date(Math.min(...leaving)) : null,
    };
  }

  /** A client's cases, sorted; null for scopes that are not a client's. */
  async caseIdsOf(scope: FeedEventScope): Promise<string[] | null> {
    return scope.kind === 'client' ? (await this.cases.caseIdsOfClient(scope.clientId)).sort() : null;
  }

  /** A raw aggregate of a time column, as the driver reads that column, `days` later; null for none. */
  private instant(raw: unknown, property: 'startsAt' | 'cancelledAt', days: number): number | null {
    if (raw === null || raw === undefined) return null;
    const column = this.events.metadata.findColumnWithPropertyName(property)!;
    const value = this.events.manager.connection.driver.prepareHydratedValue(raw, column) as Date;
    return value.getTime() + days * DAY_MS;
  }

  /**
   * The feed's events at `now` in pages of `pageSize`, by startsAt then id, so a large feed never sits
   * in memory whole. Each page's query is sent before the previous page is handed over, so reading the
   * next page overlaps with whatever the caller does with this one. An event is yielded at most once,
   * even if an edit moves it between pages.
   */
  async *pages(scope: FeedEventScope, now: Date, pageSize = 500): AsyncGenerator<FeedEvent[]> {
    const caseIds = await this.caseIdsOf(scope);
    if (caseIds?.length === 0) return;
    // Client feeds never select the description: staff-only text cannot leak by mistake.
    const columns = scope.kind === 'client' ? COMMON_COLUMNS : [...COMMON_COLUMNS, 'e.description'];
    const page = (after: CaseEvent | null): Promise<CaseEvent[]> => {
      const qb = this.narrowed(scope, caseIds ?? [], now).select(columns);
      // The plain lower bound on startsAt lets the index range start at the cursor instead of the window's start.
      if (after)
        qb.andWhere('e.startsAt >= :afterStart AND (e.startsAt > :afterStart OR e.id > :afterId)', {
          afterStart: after.startsAt,
          afterId: after.id,
        });
      const rows = qb.orderBy('e.startsAt', 'ASC').addOrderBy('e.id', 'ASC').limit(pageSize).getMany();
      // A caller that stops early never awaits the prefetched page; its failure must not become an unhandled rejection.
      rows.catch(() => undefined);
      return rows;
    };
    const seen = new Set<string>();
    let next: Promise<CaseEvent[]> | null = page(null);
    while (next) {
      const rows: CaseEvent[] = await next;
      const last = rows[rows.length - 1];
      next = last && rows.length === pageSize ? page(last) : null;
      // Lets the next page's query reach the database before the caller gets busy with this page.
      if (next) await new Promise((resolve) => setImmediate(resolve));
      const fresh = rows.filter((e) => !seen.has(e.id));
      for (const e of fresh) seen.add(e.id);
      if (fresh.length) yield fresh.map(toFeedEvent);
    }
  }

  /** The scope's events at `now`, as a query to refine. */
  private narrowed(scope: FeedEventScope, caseIds: string[], now: Date): SelectQueryBuilder<CaseEvent> {
    const qb = this.events.createQueryBuilder('e');
    switch (scope.kind) {
      case 'staff': {
        const onEvent = qb
          .subQuery()
          .select('s.eventId')
          .from(CaseEventStaff, 's')
          .where('s.userId = :userId')
          .getQuery();
        qb.where(`e.firmId = :firmId AND (e.createdBy = :userId OR e.id IN ${onEvent})`, {
          firmId: scope.firmId,
          userId: scope.userId,
        });
        break;
      }
      case 'case':
        qb.where('e.caseId = :caseId AND e.firmId = :firmId', { caseId: scope.caseId, firmId: scope.firmId });
        break;
      case 'client':
        qb.where('e.caseId IN (:...caseIds) AND e.sharedWithClients = :shared', { caseIds, shared: true });
        break;
    }
    qb.andWhere('e.startsAt >= :since', { since: new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS) });
    if (scope.kind === 'client') return qb.andWhere('e.status = :scheduled', { scheduled: 'scheduled' });
    // Cancelled events stay a while, so subscribed calendars strike them through instead of dropping them silently.
    return qb.andWhere('(e.status = :scheduled OR (e.status = :cancelled AND e.cancelledAt >= :cancelledSince))', {
      scheduled: 'scheduled',
      cancelled: 'cancelled',
      cancelledSince: new Date(now.getTime() - FEED_CANCELLED_DAYS * DAY_MS),
    });
  }
}

function toFeedEvent(e: CaseEvent): FeedEvent {
  return {
    id: e.id,
    title: e.title,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    location: e.location,
    description: e.description ?? null,
    videoLink: e.videoLink,
    status: e.status,
    sequence: e.sequence,
    updatedAt: e.updatedAt,
  };
}
