import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import {
  CaseEventFeedQueries,
  type FeedEventScope,
  type FeedEventSetVersion,
} from '../case-events/case-event-feed.queries.js';
import { Clock } from '../common/clock.js';
import { hashToken } from '../common/crypto/opaque-token.js';
import { CommonErrorCode, DomainError, notFound } from '../common/errors/domain-error.js';
import { RateLimiter } from '../common/rate-limit/rate-limiter.js';
import { CalendarFeed } from './calendar-feed.entity.js';
import { CalendarFeedRenderer, type FeedAudience } from './calendar-feed.renderer.js';
import { RenderSlots } from './render-slots.js';

/** Fetches per token and rolling minute: calendar apps poll every few minutes at most. */
export const FEED_RATE_LIMIT = { windowMs: 60_000, limit: 60 };
/** Bumped when the rendering changes, so every cached copy is replaced. */
const FORMAT_VERSION = 1;
/** Full renders at once per process; more would only hold more pages in memory (see RenderSlots). */
const CONCURRENT_RENDERS = 2;

export type FeedAnswer =
  | { kind: 'not-modified'; etag: string }
  /** `render` reads and renders the events only when called, so HEAD never does. */
  | { kind: 'feed'; etag: string; render: () => Promise<Buffer> };

/** Answers GET /calendar/:token.ics: the feed, or 304 when the caller's copy is current. */
@Injectable()
export class CalendarFeedPublisher {
  private readonly slots = new RenderSlots(CONCURRENT_RENDERS);

  constructor(
    @InjectRepository(CalendarFeed) private readonly feeds: Repository<CalendarFeed>,
    private readonly queries: CaseEventFeedQueries,
    private readonly renderer: CalendarFeedRenderer,
    private readonly rateLimiter: RateLimiter,
    private readonly clock: Clock,
  ) {}

  /**
   * Unknown, rotated and deleted tokens are the same 404: the look-up is by the token's hash on a
   * unique index, so neither the answer nor its timing tells them apart. The ETag comes from one
   * aggregate query; the events are read only when the caller's copy is stale.
   */
  async answer(token: string, ifNoneMatch: string | undefined): Promise<FeedAnswer> {
    const feed = await this.feeds.findOneBy({ tokenHash: hashToken(token) });
    if (!feed) throw notFound('That calendar feed');
    const now = this.clock.now();
    const scope = scopeOf(feed);
    // Independent reads, side by side: the 304 path is these two round trips and nothing else.
    const [verdict, events] = await Promise.all([
      this.rateLimiter.hit(`calendar-feed:${feed.tokenHash}`, FEED_RATE_LIMIT.windowMs, FEED_RATE_LIMIT.limit),
      this.queries.version(scope, now),
    ]);
    if (!verdict.allowed) {
      throw new DomainError(
        CommonErrorCode.RATE_LIMITED,
        'This calendar feed was fetched too often. Try again later.',
        {},
        verdict.retryAfterSeconds,
      );
    }
    const etag = this.etag(feed, events);
    if (etagMatches(ifNoneMatch, etag)) return { kind: 'not-modified', etag };
    return { kind: 'feed', etag, render: () => this.render(feed, scope, now) };
  }

  /**
   * The whole feed, read page by page and rendered under a slot. The slot is free again before the
   * body is sent, so a slow subscriber never holds up anyone else's render; it holds only its own bytes.
   */
  private async render(feed: CalendarFeed, scope: FeedEventScope, now: Date): Promise<Buffer> {
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
  private etag(feed: CalendarFeed, events: FeedEventSetVersion): string {
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

function scopeOf(feed: CalendarFeed): FeedEventScope {
  if (feed.scope === 'client' && feed.clientId) return { kind: 'client', clientId: feed.clientId };
  if (feed.scope === 'case' && feed.caseId) return { kind: 'case', firmId: feed.firmId, caseId: feed.caseId };
  if (feed.scope === 'me' && feed.ownerUserId) return { kind: 'staff', firmId: feed.firmId, userId: feed.ownerUserId };
  throw new Error(`Calendar feed ${feed.id} has an incomplete ${feed.scope} scope`);
}

function audienceOf(feed: CalendarFeed): FeedAudience {
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
