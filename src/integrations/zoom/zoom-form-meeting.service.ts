import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Claims } from '../../common/claims/claims.service.js';
import { CommonErrorCode, DomainError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { parseInstantWithOffset } from '../../common/time.js';
import type { CreatedZoomMeeting } from './zoom-api.client.js';
import type { CreateMeetingDto } from './dto/create-meeting.dto.js';
import { ZoomMeetingService } from './zoom-meeting.service.js';

const DAY_MS = 86_400_000;
/** Longer than a meeting creation can take (Zoom timeout, plus one refresh and retry). */
const LEASE_MS = 60_000;
const WAIT_MS = 25_000;

/** The form flow: a meeting before the event exists, made at most once per Idempotency-Key. */
@Injectable()
export class ZoomFormMeetingService {
  constructor(
    private readonly meetings: ZoomMeetingService,
    private readonly claims: Claims,
  ) {}

  async create(userId: string, dto: CreateMeetingDto, idempotencyKey: string | undefined): Promise<CreatedZoomMeeting> {
    const request = {
      title: dto.title,
      startsAt: dto.startsAt,
      endsAt: dto.endsAt ? parseInstantWithOffset(dto.endsAt) : null,
      durationMinutes: dto.durationMinutes ?? null,
      timezone: dto.timezone,
    };
    const { startsAt } = ZoomMeetingService.validate(request);
    if (request.endsAt && request.endsAt <= startsAt)
      throw new ValidationFailedError([{ field: 'endsAt', message: 'endsAt must be after startsAt' }]);
    if (idempotencyKey === undefined) return this.meetings.create(userId, request);

    const key = idempotencyKey.trim();
    if (!key || key.length > 255)
      throw new ValidationFailedError([
        { field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 characters' },
      ]);
    const scope = `zoom-meeting-form:${userId}`;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([dto.title, dto.startsAt, dto.endsAt, dto.durationMinutes, dto.timezone]))
      .digest('hex');
    for (;;) {
      const outcome = await this.claims.claimOrWait<CreatedZoomMeeting>(scope, key, fingerprint, {
        keepMs: DAY_MS,
        leaseMs: LEASE_MS,
        waitMs: WAIT_MS,
      });
      if (outcome.kind === 'done') return outcome.result;
      if (outcome.kind === 'mismatch') {
        throw new DomainError(
          CommonErrorCode.IDEMPOTENCY_KEY_REUSED,
          'This Idempotency-Key was already used with a different request. Use a new key for a new meeting.',
        );
      }
      if (outcome.kind === 'busy') {
        throw new DomainError(
          CommonErrorCode.REQUEST_IN_PROGRESS,
          'The same request is still being processed. Try again in a moment.',
          {},
          2,
        );
      }
      try {
        const created = await this.meetings.create(userId, request);
        await this.claims.complete(scope, key, created);
        return created;
      } catch (error) {
        // A failed first attempt is not remembered: the next repeat tries again.
        await this.claims.release(scope, key);
        throw error;
      }
    }
  }
}
