import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CaseEventFeedQueries,
  type FeedEventScope,
  type FeedEventSetVersion,
} from '../case-events/case-event-feed.queries.js';
import { Clock } from '../common/clock.js';
import { hashToken } from '../common/crypto/opaque-token.js';
import { CommonErrorCode, DomainError, notFound } from '../common/errors/domain-error.js';
import { RateLimiter, type RateLimit } from '../common/rate-limit/rate-limiter.js';
import type { CalendarFeed } from './calendar-feed.entity.js';
import { CalendarFeedRenderer, type FeedAudience } from './calendar-feed.renderer.js';
import { RenderSlots } from './render-slots.js';

/**
 * Fetches per token in a minute from the first: calendar apps poll every few minutes at most. A guard
 * rather than a promise, so it counts in each process's memory (api.md), at no database cost.
 */
export const FEED_RATE_LIMIT: RateLimit = { name: 'calendar-feed', points: 60, durationMs: 60_000, perProcess: true };
/** Bumped when the rendering changes, so every cached copy is replaced. */
const FORMAT_VERSION = 1;
/** Full renders at once per process; more would only hold more pages in memory (see RenderSlots). */
const CONCURRENT_RENDERS = 2;
/** Event-set versions kept per process (a few hundred bytes each), and how long one is trusted at most. */
const VERSIONS_KEPT = 10_000;
const VERSION_TTL_MS = 5 * 60_000;

export type FeedAnswer =
  | { kind: 'not-modified'; etag: string }
  /** `render` reads and renders the events only when called, so HEAD never does. */
  | { kind: 'feed'; etag: string; render: () => Promise<Buffer> };

/** What a poll reads of its feed, with the firm's event version (FirmEventVersion) in the same query. */
type FeedRow = Pick<
  CalendarFeed,
  'id' | 'tokenHash' | 'firmId' | 'scope' | 'ownerUserId' | 'caseId' | 'clientId' | 'name' | 'version'
> & { eventVersion: number | string | null };

const FEED_BY_TOKEN = `SELECT f.id, f.tokenHash, f.firmId, f.scope, f.ownerUserId, f.caseId, f.clientId, f.name, f.version,
  v.version AS eventVersion
  FROM calendar_feeds f LEFT JOIN firm_event_versions v ON v.firmId = f.firmId
  WHERE f.tokenHash = ?`;

/** An event-set version as computed, with what it was computed against. */
interface KnownVersion {
  set: FeedEventSetVersion;
  /** The firm's event version read before the set was: a later read that differs means an event was written since. */
  eventVersion: number;
  computedAt: number;
}

/**
 * Answers GET /calendar/:token.ics: the feed, or 304 when the caller's copy is current.
 *
 * A poll is one query: the feed by its token's hash, joined with its firm's event version. The feed is
 * read from the database every time, so a rotated or deleted URL is dead at once in every process.
 * The feed's event-set version (count, last change, sequences: the ETag's ingredients) is aggregated
 * over the events only when this process has none for the scope computed at the firm's current
 * event version: every event change raises that version in its own transaction (see
 * FirmEventVersionListener), so an edit made by any process changes the ETag at the next poll. Time
 * alone changes the set only when an event passes the 90-day (30 for a cancellation) edge, and the
 * version knows when the first one does (`changesBy`); a client's cases are read at every poll.
 */
@Injectable()
export class CalendarFeedPublisher {
  private readonly slots = new RenderSlots(CONCURRENT_RENDERS);
  /** By scope (with a client's cases); oldest first, so the first key is the one to drop. */
  private readonly versions = new Map<string, KnownVersion>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: CaseEventFeedQueries,
    private readonly renderer: CalendarFeedRenderer,
    private readonly rateLimiter: RateLimiter,
    private readonly clock: Clock,
  ) {}

  /**
   * Unknown, rotated and deleted tokens are the same 404: the look-up is by the token's hash on a
   * unique index, so neither the answer nor its timing tells them apart. The events are read only
   * when the caller's copy is stale.
   */
  async answer(token: string, ifNoneMatch: string | undefined): Promise<FeedAnswer> {
    const [row] = (await this.dataSource.query(FEED_BY_TOKEN, [hashToken(token)])) as FeedRow[];
    if (!row) throw notFound('That calendar feed');
    const { eventVersion, ...feed } = row;
    const verdict = await this.rateLimiter.hit(FEED_RATE_LIMIT, feed.tokenHash);
    if (!verdict.allowed) {
      throw new DomainError(
        CommonErrorCode.RATE_LIMITED,
        'This calendar feed was fetched too often. Try again later.',
        {},
        verdict.retryAfterSeconds,
      );
    }
    const now = this.clock.now();
    const scope = scopeOf(feed);
    const events = await this.eventSetVersion(scope, Number(eventVersion ?? 0), now);
    const etag = this.etag(feed, events);
    if (etagMatches(ifNoneMatch, etag)) return { kind: 'not-modified', etag };
    return { kind: 'feed', etag, render: () => this.render(feed, scope, now) };
  }

  /**
   * The scope's event-set version at `now`: the one computed at this same firm event version, if the
   * set cannot have changed since (no event written, no event past an edge, the clock not turned
   * back, computed less than VERSION_TTL_MS ago), else a fresh aggregate.
   */
  private async eventSetVersion(scope: FeedEventScope, eventVersion: number, now: Date): Promise<FeedEventSetVersion> {
    const caseIds = await this.queries.caseIdsOf(scope);
    const key = JSON.stringify([scope, caseIds]);
    const at = now.getTime();
    const known = this.versions.get(key);
    if (
      known &&
      known.eventVersion === eventVersion &&
      at >= known.computedAt &&
      at < known.computedAt + VERSION_TTL_MS &&
      (known.set.changesBy === null || at < known.set.changesBy.getTime())
    )
      return known.set;
    const set = await this.queries.version(scope, now, caseIds);
    this.versions.delete(key);
    this.versions.set(key, { set, eventVersion, computedAt: at });
    if (this.versions.size > VERSIONS_KEPT) this.versions.delete(this.versions.keys().next().value!);
    return set;
  }

  /**
   * The whole feed, read page by page and rendered under a slot. The slot is free again before the
   * body is sent, so a slow subscriber never holds up anyone else's render; it holds only its own bytes.
   */
  private async render(feed: FeedOf, scope: FeedEventScope, now: Date): Promise<Buffer> {
    const release = await this.slots.acquire();
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of this.renderer.render(feed.name, audienceOf(feed), this.queries.pages(scope, now)))
        chunks.push(chunk);
      return Buffer.concat(chunks);
    } finally {
      release();
    }
  }

  /** Strong: the body is a function of exactly these values, byte for byte. */
  private etag(feed: FeedOf, events: FeedEventSetVersion): string {
    const seed = JSON.stringify([
      FORMAT_VERSION,
      this.renderer.uidHost,
      feed.id,
      feed.version,
      feed.scope,
      feed.name,
      events.count,
      events.lastChange,
      events.sequences,
      events.caseIds,
    ]);
    return `"${createHash('sha256').update(seed, 'utf8').digest('base64url')}"`;
  }
}

/** A feed as a poll reads it. */
type FeedOf = Omit<FeedRow, 'eventVersion'>;

function scopeOf(feed: FeedOf): FeedEventScope {
  if (feed.scope === 'client' && feed.clientId) return { kind: 'client', clientId: feed.clientId };
  if (feed.scope === 'case' && feed.caseId) return { kind: 'case', firmId: feed.firmId, caseId: feed.caseId };
  if (feed.scope === 'me' && feed.ownerUserId) return { kind: 'staff', firmId: feed.firmId, userId: feed.ownerUserId };
  throw new Error(`Calendar feed ${feed.id} has an incomplete ${feed.scope} scope`);
}

function audienceOf(feed: FeedOf): FeedAudience {
  return feed.scope === 'client' ? 'client' : 'staff';
}

/** If-None-Match: `*` or a list of tags; GET compares weakly, so W/"x" matches "x". */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}
