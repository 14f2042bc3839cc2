import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
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
  create(@CurrentStaff() staff: StaffContext, @Body() dto: CreateCalendarFeedDto) {
    return this.feeds.createStaffFeed(staff, dto);
  }

  /** The caller's feeds, without URLs. */
  @Get()
  list(@CurrentStaff() staff: StaffContext, @Query() query: PageQueryDto) {
    return this.feeds.listStaffFeeds(staff, query);
  }

  @Post(':id/rotate')
  @HttpCode(200)
  rotate(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string) {
    return this.feeds.rotate(staff, id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string): Promise<void> {
    await this.feeds.remove(staff, id);
  }
}
