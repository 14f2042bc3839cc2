import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CommonErrorCode, DomainError } from '../../common/errors/domain-error.js';
import { parseInstantWithOffset } from '../../common/time.js';
import { type CreatedZoomMeeting, ZoomApiClient } from './zoom-api.client.js';
import { ZoomTokenService } from './zoom-token.service.js';

const TOPIC_MAX = 200;
const DEFAULT_MINUTES = 60;

export interface MeetingRequest {
  title: unknown;
  startsAt: unknown;
  endsAt?: Date | null;
  durationMinutes?: number | null;
  timezone: string;
}

/** Creates meetings in the caller's own Zoom account, for an event (saved or still in the form). */
@Injectable()
export class ZoomMeetingService {
  constructor(
    private readonly tokens: ZoomTokenService,
    private readonly api: ZoomApiClient,
  ) {}

  /** The help guide's "meeting creation fails" checks, before anything is sent to Zoom. */
  static validate(request: MeetingRequest): { title: string; startsAt: Date } {
    const title = typeof request.title === 'string' ? request.title.trim() : '';
    if (!title)
      throw new DomainError(
        CommonErrorCode.EVENT_TITLE_REQUIRED,
        'Give the event a title before adding a Zoom meeting.',
      );
    const startsAt = request.startsAt instanceof Date ? request.startsAt : parseInstantWithOffset(request.startsAt);
    if (!startsAt) {
      throw new DomainError(
        CommonErrorCode.EVENT_START_REQUIRED,
        'Give the event a valid start date and time (with its UTC offset) before adding a Zoom meeting.',
      );
    }
    return { title, startsAt };
  }

  async create(userId: string, request: MeetingRequest): Promise<CreatedZoomMeeting> {
    const { title, startsAt } = ZoomMeetingService.validate(request);
    const minutes = request.endsAt
      ? Math.max(1, Math.ceil((request.endsAt.getTime() - startsAt.getTime()) / 60_000))
      : (request.durationMinutes ?? DEFAULT_MINUTES);
    const meeting = {
      topic: cutTopic(title),
      // Zoom takes local wall time with the zone, which keeps the meeting right across DST changes.
      startTime: DateTime.fromJSDate(startsAt, { zone: request.timezone }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
      timezone: request.timezone,
      durationMinutes: minutes,
    };
    return this.tokens.withAccessToken(userId, (token) => this.api.createMeeting(token, meeting));
  }
}

/** At most 200 UTF-16 units (the strictest reading of Zoom's limit), cut between code points so no emoji is split. */
function cutTopic(title: string): string {
  let topic = '';
  for (const codePoint of title) {
    if (topic.length + codePoint.length > TOPIC_MAX) break;
    topic += codePoint;
  }
  return topic;
}
