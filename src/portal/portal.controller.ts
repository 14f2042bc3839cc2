import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CalendarFeedsService } from '../calendar-feed/calendar-feeds.service.js';
import { CaseEventsService } from '../case-events/case-events.service.js';
import { EventRangeQueryDto } from '../case-events/dto/event-range.query.js';
import { ApiErrors, ApiPage } from '../common/http/api-responses.js';
import { ClientOnly } from '../identity/auth/auth.guards.js';
import { CurrentClient, type ClientContext } from '../identity/auth/request-context.js';
import { PortalCalendarFeedDto, PortalEventDto, PortalMeDto } from './dto/portal-views.dto.js';
import { portalEventView } from './portal-event.view.js';

@ApiTags('portal')
@Controller('api/v1/portal')
@ClientOnly()
export class PortalController {
  constructor(
    private readonly events: CaseEventsService,
    private readonly calendarFeeds: CalendarFeedsService,
  ) {}

  /** The signed-in client and their firm, for the portal header. */
  @Get('me')
  @ApiOkResponse({ type: PortalMeDto })
  @ApiErrors(401)
  me(@CurrentClient() { client, firm }: ClientContext) {
    return {
      client: {
        id: client.id,
        firstName: client.firstName,
        lastName: client.lastName,
        email: client.email,
        timezone: client.timezone,
      },
      firm: { id: firm.id, name: firm.name, timezone: firm.timezone },
    };
  }

  /** Events shared with clients on the caller's own cases, ordered by startsAt. */
  @Get('events')
  @ApiPage(PortalEventDto, 'one page of the events shared with the client, by startsAt')
  @ApiErrors(400, 401)
  async eventList(@CurrentClient() { client }: ClientContext, @Query() query: EventRangeQueryDto) {
    const page = await this.events.findForPortal(client.id, query);
    return { items: page.items.map(portalEventView), nextCursor: page.nextCursor };
  }

  /** 201 with the client's own feed URL; a new call replaces the previous URL, which dies at once. */
  @Post('calendar-feed')
  @ApiCreatedResponse({ type: PortalCalendarFeedDto, description: "the client's feed URL; the previous one is dead" })
  @ApiErrors(401, 403)
  calendarFeed(@CurrentClient() context: ClientContext) {
    return this.calendarFeeds.issueClientFeed(context);
  }
}
