import { Injectable } from '@nestjs/common';
import ical, { ICalEvent, ICalEventStatus, type ICalCalendar, type ICalEventData } from 'ical-generator';
import type { FeedEvent } from '../case-events/case-event-feed.queries.js';
import { AppConfig } from '../config/app-config.js';
import { cleanText, escapeText, foldContentLines, inertUri } from './ics-text.js';

/** Who reads a feed: staff feeds carry descriptions and cancelled events, client feeds never do. */
export type FeedAudience = 'staff' | 'client';

const PRODID = '//MyLawyerLink//Calendar feeds//EN';
/** Subscribed calendars are asked to refresh hourly (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 3600;
const END = 'END:VCALENDAR';

/**
 * Writes feeds with ical-generator: the calendar's properties and every VEVENT are its output. Only the
 * line folding is ours (see foldContentLines), so the feed is folded once, page by page.
 */
@Injectable()
export class CalendarFeedRenderer {
  /** UIDs are `<event id>@<this host>`: stable for as long as APP_URL is. */
  readonly uidHost: string;

  constructor(config: AppConfig) {
    this.uidHost = new URL(config.appUrl).host;
  }

  /** The feed as UTF-8 chunks: the header, one chunk per page of events, then the end. */
  async *render(name: string, audience: FeedAudience, pages: AsyncIterable<FeedEvent[]>): AsyncGenerator<Buffer> {
    const calendar = this.calendar(name);
    yield Buffer.from(this.header(calendar), 'utf8');
    for await (const page of pages) yield Buffer.from(this.events(calendar, page, audience), 'utf8');
    yield Buffer.from(`${END}\r\n`, 'utf8');
  }

  /** The whole feed as one string, for callers that hold every event already. */
  renderAll(name: string, audience: FeedAudience, events: FeedEvent[]): string {
    const calendar = this.calendar(name);
    return `${this.header(calendar)}${this.events(calendar, events, audience)}${END}\r\n`;
  }

  /** An empty calendar carrying the feed's own properties; events are rendered against it. */
  calendar(name: string): ICalCalendar {
    // ical-generator writes the calendar name verbatim, so it is escaped here.
    return ical({ name: escapeText(name), prodId: PRODID, ttl: REFRESH_SECONDS });
  }

  /** BEGIN:VCALENDAR up to the first event, each line ended by CRLF. */
  header(calendar: ICalCalendar): string {
    const text = calendar.toString();
    if (calendar.length() !== 0 || !text.endsWith(END))
      throw new Error('The feed header must come from a calendar without events');
    return text.slice(0, -END.length);
  }

  /** The events' VEVENTs, folded. */
  events(calendar: ICalCalendar, events: FeedEvent[], audience: FeedAudience): string {
    let text = '';
    for (const event of events) text += new ICalEvent(this.eventData(event, audience), calendar).toString();
    return foldContentLines(text);
  }

  /** What ical-generator is told about one event. */
  eventData(e: FeedEvent, audience: FeedAudience): ICalEventData {
    const link = e.videoLink || null;
    const place = e.location ? cleanText(e.location) : null;
    // The join link first, so it is one tap away in every calendar app; staff-only text last, and only for staff.
    const details = [link, place, audience === 'staff' && e.description ? cleanText(e.description) : null].filter(
      (line) => !!line,
    );
    return {
      id: `${e.id}@${this.uidHost}`,
      sequence: e.sequence,
      stamp: e.updatedAt,
      lastModified: e.updatedAt,
      start: e.startsAt,
      end: e.endsAt,
      summary: cleanText(e.title),
      location: link ?? place,
      url: link ? inertUri(link) : null,
      description: details.length ? details.join('\n') : null,
      status: e.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    };
  }
}
