import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors, ErrorBodyDto } from '../common/http/api-responses.js';
import { CalendarFeedPublisher } from './calendar-feed-publisher.service.js';

/** Private caches only (the URL is a secret), and calendar apps may reuse a copy for five minutes. */
const CACHE_CONTROL = 'private, max-age=300';

const FEED_HEADERS = {
  ETag: { description: 'strong; send it back as If-None-Match', schema: { type: 'string' } },
  'Cache-Control': { description: CACHE_CONTROL, schema: { type: 'string' } },
} as const;

/**
 * The subscribable URL; the token is the only credential. The request logger writes this path as
 * /calendar/[redacted].ics, so the token never reaches a log line.
 */
@ApiTags('calendar-feeds')
@Controller('calendar')
export class CalendarFeedFileController {
  constructor(private readonly publisher: CalendarFeedPublisher) {}

  /** GET and HEAD: the feed, or 304 for a current If-None-Match; 404 for any token that is not live. */
  @Get(':token.ics')
  // The feed is text/calendar; its refusals are the JSON error body, so the content types are named per answer, not with @ApiProduces.
  @ApiOkResponse({
    description: 'the feed, text/calendar; charset=utf-8 (no body for HEAD)',
    headers: FEED_HEADERS,
    content: {
      'text/calendar': {
        schema: { type: 'string', example: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nEND:VCALENDAR\r\n' },
      },
    },
  })
  @ApiResponse({ status: 304, description: 'If-None-Match names the current ETag: no body', headers: FEED_HEADERS })
  @ApiResponse({
    status: 404,
    type: ErrorBodyDto,
    description: '`not_found`: an unknown, rotated or revoked token alike',
  })
  @ApiErrors(429)
  async feed(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const answer = await this.publisher.answer(token, req.headers['if-none-match']);
    // Rendered whole before any header is set: a failure is a clean error answer, never a truncated feed.
    const body = answer.kind === 'feed' && req.method !== 'HEAD' ? await answer.render() : null;
    res.setHeader('ETag', answer.etag);
    res.setHeader('Cache-Control', CACHE_CONTROL);
    if (answer.kind === 'not-modified') {
      res.status(304).end();
      return;
    }
    res.status(200).setHeader('Content-Type', 'text/calendar; charset=utf-8');
    if (body) res.setHeader('Content-Length', String(body.length));
    res.end(body ?? undefined);
  }
}
