import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, ValidationFailedError, type FieldError } from '../common/errors/domain-error.js';
import { inChunks } from '../database/in-chunks.js';
import { RowLocks } from '../database/row-locks.js';
import { Transactions } from '../database/transactions.js';
import type { StaffContext } from '../identity/auth/request-context.js';
import { CasesService } from '../identity/cases.service.js';
import { CaseEventHooks, snapshotOf, type CaseEventRecord, type CaseEventSnapshot } from './case-event-hooks.js';
import { CaseEventPages, type EventRange } from './case-event-pages.js';
import { CaseEvent, CaseEventStaff } from './case-event.entity.js';
import { caseEventView, type CaseEventView } from './case-event.views.js';
import type { Page } from '../common/http/pagination.js';
import { CaseEventErrorCode } from './case-events.errors.js';
import { TimelineCache, type TimelineAnswer } from './timeline-cache.js';
import type { CreateCaseEventDto, UpdateCaseEventDto } from './dto/case-event.dto.js';
import { parseInstant } from '../common/http/validators.js';

/** The columns a change may touch; compared one by one to tell an edit from a no-op. */
const EDITABLE = [
  'title',
  'startsAt',
  'endsAt',
  'timezone',
  'location',
  'description',
  'videoLink',
  'zoomMeetingId',
  'sharedWithClients',
] as const;

/** Case events: the timeline staff edit, and what other modules read of it. */
@Injectable()
export class CaseEventsService {
  constructor(
    @InjectRepository(CaseEvent) private readonly events: Repository<CaseEvent>,
    private readonly pages: CaseEventPages,
    private readonly cases: CasesService,
    private readonly hooks: CaseEventHooks,
    private readonly transactions: Transactions,
    private readonly rowLocks: RowLocks,
    private readonly clock: Clock,
    private readonly timelineCache: TimelineCache,
  ) {}

  async create(staff: StaffContext, caseId: string, dto: CreateCaseEventDto): Promise<CaseEventView> {
    const firmId = staff.firm.id;
    await this.cases.get(firmId, caseId);
    const staffIds = dto.staffIds ?? [];
    await this.assertFirmStaff(firmId, staffIds);
    const now = this.clock.now();
    const event = this.events.create({
      id: randomUUID(),
      firmId,
      caseId,
      title: dto.title,
      startsAt: toDate(dto.startsAt, 'startsAt'),
      endsAt: dto.endsAt ? toDate(dto.endsAt, 'endsAt') : null,
      timezone: dto.timezone,
      location: dto.location || null,
      description: dto.description || null,
      videoLink: dto.videoLink ?? null,
      zoomMeetingId: dto.zoomMeetingId ?? null,
      sharedWithClients: dto.sharedWithClients ?? false,
      status: 'scheduled',
      cancelledAt: null,
      sequence: 0,
      createdBy: staff.user.id,
      createdAt: now,
      updatedAt: now,
    });
    const after = snapshotOf(event, staffIds);
    assertConsistent(after);
    await this.transactions.run(async (em) => {
      await em.insert(CaseEvent, event);
      if (staffIds.length)
        await em.insert(
          CaseEventStaff,
          staffIds.map((userId) => ({ eventId: event.id, userId })),
        );
      await this.hooks.emit({ kind: 'created', before: null, after });
    });
    return this.view(after, after.staffIds);
  }

  /** The case's events in [from, to), by startsAt then id; cancelled ones included. */
  async timeline(firmId: string, caseId: string, range: EventRange): Promise<Page<CaseEventView>> {
    const page = await this.pages.page(
      (qb) => qb.where('e.caseId = :caseId AND e.firmId = :firmId', { caseId, firmId }),
      range,
    );
    // Events of this firm on this case prove the case is the firm's: only an empty page needs the 404 check.
    if (page.items.length === 0) await this.cases.assertExists(firmId, caseId);
    return { items: page.items.map((e) => this.view(e, e.staffIds)), nextCursor: page.nextCursor };
  }

  /**
   * timeline(), as the JSON the API answers, with its ETag. A page is kept in memory with the case's
   * version it was made from, and answered again only while the database still shows that version.
   * The version is read before the page, so a change landing in between can only make the stored page
   * newer than its version (the next request rebuilds it), never older.
   */
  async timelineAnswer(firmId: string, caseId: string, range: EventRange): Promise<TimelineAnswer> {
    const key = JSON.stringify([
      firmId,
      caseId,
      range.from ?? null,
      range.to ?? null,
      range.cursor ?? null,
      range.limit ?? null,
    ]);
    const { events, version } = await this.pages.versionOf(firmId, caseId);
    const cached = events > 0 ? this.timelineCache.get(key, version) : undefined;
    if (cached) return cached;
    const json = JSON.stringify(await this.timeline(firmId, caseId, range));
    // The same weak ETag Express would compute on every send, computed once per page built.
    const answer = { json, etag: `W/"${createHash('sha1').update(json).digest('base64url')}"` };
    // An empty case is cheap to read again, and keeping nothing for it means its existence check is never skipped.
    if (events > 0) this.timelineCache.set(key, version, answer);
    return answer;
  }

  /** An event of the firm; another firm's is answered as missing. */
  async get(firmId: string, id: string): Promise<CaseEventSnapshot> {
    return this.withStaff(await this.getRow(firmId, id));
  }

  /** The event's own row, without its staff: one query, for callers that only look at its columns. */
  async getRow(firmId: string, id: string): Promise<CaseEvent> {
    const event = await this.events.findOneBy({ id, firmId });
    if (!event) throw notFound('That event');
    return event;
  }

  async withStaff(event: CaseEvent): Promise<CaseEventSnapshot> {
    return snapshotOf(event, (await this.pages.staffIdsOf([event.id])).get(event.id) ?? []);
  }

  /** Applies the given fields; a change bumps `sequence`, a no-op writes nothing. */
  async update(firmId: string, id: string, dto: UpdateCaseEventDto): Promise<CaseEventView> {
    if (dto.staffIds) await this.assertFirmStaff(firmId, dto.staffIds);
    return this.transactions.run(async (em) => {
      const before = await this.getForUpdate(firmId, id);
      if (before.status === 'cancelled') {
        throw new DomainError(
          CaseEventErrorCode.EVENT_CANCELLED,
          'This event was cancelled; it can no longer be changed.',
        );
      }
      const next = applyPatch(before, dto);
      assertConsistent(next);
      const staffChanged = next.staffIds.join() !== before.staffIds.join();
      if (!staffChanged && EDITABLE.every((field) => sameValue(before[field], next[field])))
        return this.view(before, before.staffIds);
      const after: CaseEventSnapshot = { ...next, sequence: before.sequence + 1, updatedAt: this.clock.now() };
      await em.update(CaseEvent, { id }, columnsOf(after));
      if (staffChanged) {
        await em.delete(CaseEventStaff, { eventId: id });
        if (after.staffIds.length)
          await em.insert(
            CaseEventStaff,
            after.staffIds.map((userId) => ({ eventId: id, userId })),
          );
      }
      await this.hooks.emit({ kind: 'updated', before, after });
      return this.view(after, after.staffIds);
    });
  }

  /** Marks the event cancelled (it is kept); cancelling a cancelled event changes nothing. */
  async cancel(firmId: string, id: string): Promise<void> {
    await this.transactions.run(async (em) => {
      const before = await this.getForUpdate(firmId, id);
      if (before.status === 'cancelled') return;
      const now = this.clock.now();
      const after: CaseEventSnapshot = {
        ...before,
        staffIds: [...before.staffIds],
        status: 'cancelled',
        cancelledAt: now,
        sequence: before.sequence + 1,
        updatedAt: now,
      };
      await em.update(
        CaseEvent,
        { id },
        { status: after.status, cancelledAt: now, sequence: after.sequence, updatedAt: now },
      );
      await this.hooks.emit({ kind: 'cancelled', before, after });
    });
  }

  /** Shared events on the client's cases, cancelled ones included (shown as cancelled). */
  async findForPortal(clientId: string, range: EventRange): Promise<Page<CaseEventSnapshot>> {
    const caseIds = await this.cases.caseIdsOfClient(clientId);
    // A client on no case still goes through the pager, so a bad range or cursor is a 400 either way.
    return this.pages.page(
      (qb) =>
        caseIds.length
          ? qb.where('e.caseId IN (:...caseIds) AND e.sharedWithClients = :shared', { caseIds, shared: true })
          : qb.where('1 = 0'),
      range,
    );
  }

  /** The event, read inside the caller's transaction and locked until it ends. */
  async getForUpdate(firmId: string, id: string): Promise<CaseEventSnapshot> {
    const em = this.transactions.manager;
    const event = await this.rowLocks.forUpdate(em, CaseEvent, { id, firmId });
    if (!event) throw notFound('That event');
    const staff = await em.findBy(CaseEventStaff, { eventId: id });
    return snapshotOf(
      event,
      staff.map((s) => s.userId),
    );
  }

  /**
   * Events by id, of any firm: the reminder worker reads the events its deliveries point at. Read in
   * the caller's transaction if there is one.
   */
  findMany(ids: string[]): Promise<CaseEventRecord[]> {
    const em = this.transactions.manager;
    return inChunks(ids, (chunk) => em.findBy(CaseEvent, { id: In(chunk) }));
  }

  /**
   * The firm's shared, scheduled events starting after `since`, read inside the caller's transaction
   * (a new reminder rule plans its deliveries from them) and locked on MySQL, so a move cannot slip in between.
   */
  upcomingShared(firmId: string, since: Date): Promise<CaseEventRecord[]> {
    const qb = this.transactions.manager
      .createQueryBuilder(CaseEvent, 'e')
      .where('e.firmId = :firmId AND e.status = :status AND e.sharedWithClients = :shared AND e.startsAt > :since', {
        firmId,
        status: 'scheduled',
        shared: true,
        since,
      })
      .orderBy('e.startsAt', 'ASC');
    if (this.transactions.kind === 'mysql') qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /**
   * Puts a (Zoom) link on the event inside the caller's transaction; a change bumps `sequence`.
   * `before` is the event as getForUpdate read and locked it in that same transaction.
   */
  async setVideoLink(
    before: CaseEventSnapshot,
    videoLink: string | null,
    zoomMeetingId: string | null,
  ): Promise<CaseEventSnapshot> {
    const link = videoLink ?? null;
    const meetingId = link === null ? null : zoomMeetingId;
    if (before.videoLink === link && before.zoomMeetingId === meetingId) return before;
    const after: CaseEventSnapshot = {
      ...before,
      staffIds: [...before.staffIds],
      videoLink: link,
      zoomMeetingId: meetingId,
      sequence: before.sequence + 1,
      updatedAt: this.clock.now(),
    };
    await this.transactions.manager.update(
      CaseEvent,
      { id: before.id },
      { videoLink: link, zoomMeetingId: meetingId, sequence: after.sequence, updatedAt: after.updatedAt },
    );
    await this.hooks.emit({ kind: 'updated', before, after });
    return after;
  }

  /**
   * Takes a staff member off the event inside the caller's transaction (offboarding); a change bumps
   * `sequence` and fires the hooks like any edit. `before` is the event as getForUpdate read and locked it.
   */
  async removeStaff(before: CaseEventSnapshot, userId: string): Promise<CaseEventSnapshot> {
    if (!before.staffIds.includes(userId)) return before;
    const after: CaseEventSnapshot = {
      ...before,
      staffIds: before.staffIds.filter((id) => id !== userId),
      sequence: before.sequence + 1,
      updatedAt: this.clock.now(),
    };
    const em = this.transactions.manager;
    await em.update(CaseEvent, { id: before.id }, { sequence: after.sequence, updatedAt: after.updatedAt });
    await em.delete(CaseEventStaff, { eventId: before.id, userId });
    await this.hooks.emit({ kind: 'updated', before, after });
    return after;
  }

  view(event: CaseEvent, staffIds: string[]): CaseEventView {
    return caseEventView(event, staffIds);
  }

  private async assertFirmStaff(firmId: string, staffIds: string[]): Promise<void> {
    const foreign = await this.cases.foreignStaffIds(firmId, staffIds);
    if (foreign.length) {
      throw new ValidationFailedError(
        foreign.map((id) => ({
          field: 'staffIds',
          message: `staffIds contains ${id}, which is not a member of your firm`,
        })),
      );
    }
  }
}

function toDate(value: string, field: 'startsAt' | 'endsAt'): Date {
  const date = parseInstant(value);
  // The DTO already refused anything else; this guards callers that skip it.
  if (!date)
    throw new ValidationFailedError([
      {
        field,
        message: `${field} must be an ISO 8601 date-time with an offset, between 1900-01-01 and 2199-12-31 (UTC)`,
      },
    ]);
  return date;
}

function applyPatch(current: CaseEventSnapshot, dto: UpdateCaseEventDto): CaseEventSnapshot {
  const next: CaseEventSnapshot = { ...current, staffIds: [...current.staffIds] };
  if (dto.title !== undefined) next.title = dto.title;
  if (dto.startsAt !== undefined) next.startsAt = toDate(dto.startsAt, 'startsAt');
  if (dto.endsAt !== undefined) next.endsAt = dto.endsAt === null ? null : toDate(dto.endsAt, 'endsAt');
  if (dto.timezone !== undefined) next.timezone = dto.timezone;
  if (dto.location !== undefined) next.location = dto.location || null;
  if (dto.description !== undefined) next.description = dto.description || null;
  if (dto.videoLink !== undefined && dto.videoLink !== current.videoLink) {
    next.videoLink = dto.videoLink;
    // The meeting id describes the meeting behind the link: a removed or replaced link drops it.
    next.zoomMeetingId = null;
  }
  if (dto.zoomMeetingId !== undefined) next.zoomMeetingId = dto.zoomMeetingId;
  if (dto.sharedWithClients !== undefined) next.sharedWithClients = dto.sharedWithClients;
  if (dto.staffIds !== undefined) next.staffIds = [...dto.staffIds].sort();
  return next;
}

/** Rules that span fields, checked against the stored values on an edit. */
function assertConsistent(e: CaseEventSnapshot): void {
  const errors: FieldError[] = [];
  if (e.endsAt && e.endsAt.getTime() <= e.startsAt.getTime())
    errors.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
  if (e.zoomMeetingId && !e.videoLink)
    errors.push({ field: 'zoomMeetingId', message: "zoomMeetingId needs the meeting's videoLink" });
  if (errors.length) throw new ValidationFailedError(errors);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function columnsOf(e: CaseEventSnapshot): Partial<CaseEvent> {
  return {
    title: e.title,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    timezone: e.timezone,
    location: e.location,
    description: e.description,
    videoLink: e.videoLink,
    zoomMeetingId: e.zoomMeetingId,
    sharedWithClients: e.sharedWithClients,
    sequence: e.sequence,
    updatedAt: e.updatedAt,
  };
}
