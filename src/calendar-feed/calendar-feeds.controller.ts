import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPage } from '../common/http/api-responses.js';
import { CalendarFeedViewDto, IssuedCalendarFeedDto } from './dto/calendar-feed-views.dto.js';
import { IdPipe } from '../common/http/id.pipe.js';
import { StaffOnly } from '../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../identity/auth/request-context.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';
import { CreateCalendarFeedDto } from './dto/create-calendar-feed.dto.js';
import { PageQueryDto } from '../common/http/pagination.js';

@ApiTags('calendar-feeds')
@Controller('api/v1/calendar-feeds')
@StaffOnly()
export class CalendarFeedsController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  /** 201 with the feed's URL, shown this once. */
  @Post()
  @ApiCreatedResponse({ type: IssuedCalendarFeedDto, description: 'the feed, with its URL shown this once' })
  @ApiErrors(400, 401, 403, 404)
  create(@CurrentStaff() staff: StaffContext, @Body() dto: CreateCalendarFeedDto) {
    return this.feeds.createStaffFeed(staff, dto);
  }

  /** The caller's feeds, without URLs. */
  @Get()
  @ApiPage(CalendarFeedViewDto, "the caller's feeds, without URLs")
  @ApiErrors(400, 401)
  list(@CurrentStaff() staff: StaffContext, @Query() query: PageQueryDto) {
    return this.feeds.listStaffFeeds(staff, query);
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @ApiOkResponse({ type: IssuedCalendarFeedDto, description: 'a new URL, shown this once; the old one is dead' })
  @ApiErrors(401, 403, 404)
  rotate(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string) {
    return this.feeds.rotate(staff, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the URL is dead' })
  @ApiErrors(401, 403, 404)
  async remove(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string): Promise<void> {
    await this.feeds.remove(staff, id);
  }
}
