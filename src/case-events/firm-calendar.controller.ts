import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPage } from '../common/http/api-responses.js';
import type { Page } from '../common/http/pagination.js';
import { StaffOnly } from '../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../identity/auth/request-context.js';
import type { CaseEventView } from './case-event.views.js';
import { CaseEventViewDto } from './dto/case-event-view.dto.js';
import { FirmCalendarQueryDto } from './dto/firm-calendar.query.js';
import { FirmCalendarQueries } from './firm-calendar.queries.js';

@ApiTags('case-events')
@Controller('api/v1')
@StaffOnly()
export class FirmCalendarController {
  constructor(private readonly calendar: FirmCalendarQueries) {}

  /** The firm's events across its cases, by startsAt; mine=true: those the caller is on or created. */
  @Get('events')
  @ApiPage(CaseEventViewDto, 'one page, by startsAt (cancelled events included)')
  @ApiErrors(400, 401)
  list(@CurrentStaff() staff: StaffContext, @Query() query: FirmCalendarQueryDto): Promise<Page<CaseEventView>> {
    return this.calendar.page({ firmId: staff.firm.id, userId: staff.user.id, mine: query.mine === 'true' }, query);
  }
}
