import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { hashToken, newOpaqueToken } from '../common/crypto/opaque-token.js';
import { notFound, ValidationFailedError } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { isUniqueViolation } from '../database/driver-errors.js';
import { Transactions } from '../database/transactions.js';
import type { ClientContext, StaffContext } from '../identity/auth/request-context.js';
import { CasesService } from '../identity/cases.service.js';
import { CalendarFeed } from './calendar-feed.entity.js';
import {
  calendarFeedView,
  type CalendarFeedView,
  type FeedUrls,
  type IssuedCalendarFeed,
} from './calendar-feed.views.js';
import type { Page, PageQueryDto } from '../common/http/pagination.js';
import { keysetPage } from '../database/keyset-page.js';
import type { CreateCalendarFeedDto } from './dto/create-calendar-feed.dto.js';

const MAX_NAME_LENGTH = 800;

/** Issues, lists, rotates and deletes feed URLs. Serving them is CalendarFeedPublisher's job. */
@Injectable()
export class CalendarFeedsService {
  constructor(
    @InjectRepository(CalendarFeed) private readonly feeds: Repository<CalendarFeed>,
    private readonly cases: CasesService,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A new feed of the caller's: their own events, or one case of their firm (another firm's case is 404). */
  async createStaffFeed(staff: StaffContext, dto: CreateCalendarFeedDto): Promise<IssuedCalendarFeed> {
    if (dto.scope === 'me' && dto.caseId !== undefined) {
      throw new ValidationFailedError([{ field: 'caseId', message: 'caseId is only for a feed with scope case' }]);
    }
    const what =
      dto.scope === 'case' ? (await this.cases.get(staff.firm.id, dto.caseId!)).title : `${staff.user.name}'s events`;
    const token = newOpaqueToken();
    const now = this.clock.now();
    const feed = this.feeds.create({
      id: randomUUID(),
      tokenHash: hashToken(token),
      firmId: staff.firm.id,
      scope: dto.scope,
      ownerUserId: staff.user.id,
      caseId: dto.scope === 'case' ? dto.caseId! : null,
      clientId: null,
      name: feedName(staff.firm.name, what),
      version: 0,
      createdAt: now,
      updatedAt: now,
    });
    await this.transactions.run((em) => em.insert(CalendarFeed, feed));
    return { ...calendarFeedView(feed), ...this.urls(token) };
  }

  /** The caller's own feeds, oldest first, without URLs. */
  async listStaffFeeds(staff: StaffContext, query: PageQueryDto): Promise<Page<CalendarFeedView>> {
    const qb = this.feeds
      .createQueryBuilder('f')
      .where('f.ownerUserId = :userId AND f.firmId = :firmId', { userId: staff.user.id, firmId: staff.firm.id });
    const page = await keysetPage(qb, 'createdAt', query);
    return { items: page.items.map(calendarFeedView), nextCursor: page.nextCursor };
  }

  /** A new URL for one of the caller's feeds; the old one is dead when this returns. */
  async rotate(staff: StaffContext, id: string): Promise<IssuedCalendarFeed> {
    const token = newOpaqueToken();
    const feed = await this.transactions.run(async (em) => {
      const current = await em.findOneBy(CalendarFeed, { id, ownerUserId: staff.user.id, firmId: staff.firm.id });
      if (!current) throw notFound('That calendar feed');
      return this.replaceToken(em, current, token);
    });
    return { ...calendarFeedView(feed), ...this.urls(token) };
  }

  /** Deletes one of the caller's feeds; its URL is dead when this returns. */
  async remove(staff: StaffContext, id: string): Promise<void> {
    const result = await this.transactions.run((em) =>
      em.delete(CalendarFeed, { id, ownerUserId: staff.user.id, firmId: staff.firm.id }),
    );
    if (!result.affected) throw notFound('That calendar feed');
  }

  /** The client's portal feed: a new URL every call, and the previous one dies. */
  async issueClientFeed({ client, firm }: ClientContext): Promise<FeedUrls> {
    const token = newOpaqueToken();
    const name = feedName(firm.name, 'Your appointments');
    const issue = () =>
      this.transactions.run(async (em) => {
        const current = await em.findOneBy(CalendarFeed, { clientId: client.id });
        if (current) return this.replaceToken(em, { ...current, name }, token);
        const now = this.clock.now();
        const feed = em.create(CalendarFeed, {
          id: randomUUID(),
          tokenHash: hashToken(token),
          firmId: firm.id,
          scope: 'client',
          ownerUserId: null,
          caseId: null,
          clientId: client.id,
          name,
          version: 0,
          createdAt: now,
          updatedAt: now,
        });
        await em.insert(CalendarFeed, feed);
        return feed;
      });
    try {
      await issue();
    } catch (error) {
      // Two first calls raced on the one-feed-per-client index: the second one replaces the first's URL.
      if (!isUniqueViolation(error)) throw error;
      await issue();
    }
    return this.urls(token);
  }

  private async replaceToken(em: EntityManager, feed: CalendarFeed, token: string): Promise<CalendarFeed> {
    const next: CalendarFeed = {
      ...feed,
      tokenHash: hashToken(token),
      version: feed.version + 1,
      updatedAt: this.clock.now(),
    };
    await em.update(
      CalendarFeed,
      { id: feed.id },
      { tokenHash: next.tokenHash, version: next.version, name: next.name, updatedAt: next.updatedAt },
    );
    return next;
  }

  private urls(token: string): FeedUrls {
    const url = `${this.config.appUrl}/calendar/${token}.ics`;
    return { url, webcalUrl: url.replace(/^https?:\/\//i, 'webcal://') };
  }
}

/** X-WR-CALNAME: the firm, then what the feed holds. */
function feedName(firmName: string, what: string): string {
  return `${firmName} – ${what}`.slice(0, MAX_NAME_LENGTH);
}
