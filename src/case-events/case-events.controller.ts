import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPage } from '../common/http/api-responses.js';
import { IdPipe } from '../common/http/id.pipe.js';
import { StaffOnly } from '../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../identity/auth/request-context.js';
import { CaseEventsService } from './case-events.service.js';
import { CaseEventViewDto } from './dto/case-event-view.dto.js';
import { CreateCaseEventDto, UpdateCaseEventDto } from './dto/case-event.dto.js';
import { EventRangeQueryDto } from './dto/event-range.query.js';

@ApiTags('case-events')
@Controller('api/v1')
@StaffOnly()
export class CaseEventsController {
  constructor(private readonly events: CaseEventsService) {}

  @Post('cases/:caseId/events')
  @ApiCreatedResponse({ type: CaseEventViewDto })
  @ApiErrors(400, 401, 403, 404)
  create(
    @CurrentStaff() staff: StaffContext,
    @Param('caseId', IdPipe) caseId: string,
    @Body() dto: CreateCaseEventDto,
  ) {
    return this.events.create(staff, caseId, dto);
  }

  /**
   * The case's timeline, ordered by startsAt; answered as ready JSON with its ETag, since pages are
   * kept serialized (a matching If-None-Match gets a 304).
   */
  @Get('cases/:caseId/events')
  @ApiPage(CaseEventViewDto, 'one page of the timeline, by startsAt')
  @ApiErrors(400, 401, 404)
  @Header('Content-Type', 'application/json; charset=utf-8')
  async timeline(
    @CurrentStaff() staff: StaffContext,
    @Param('caseId', IdPipe) caseId: string,
    @Query() query: EventRangeQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const answer = await this.events.timelineAnswer(staff.firm.id, caseId, query);
    res.setHeader('ETag', answer.etag);
    return answer.json;
  }

  @Get('events/:id')
  @ApiOkResponse({ type: CaseEventViewDto })
  @ApiErrors(401, 404)
  async get(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string) {
    const event = await this.events.get(staff.firm.id, id);
    return this.events.view(event, event.staffIds);
  }

  @Patch('events/:id')
  @ApiOkResponse({ type: CaseEventViewDto })
  @ApiErrors(400, 401, 403, 404)
  update(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string, @Body() dto: UpdateCaseEventDto) {
    return this.events.update(staff.firm.id, id, dto);
  }

  /** Cancels the event; it is kept, and a second cancel is the same 204. */
  @Delete('events/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'cancelled (kept, status cancelled)' })
  @ApiErrors(401, 403, 404)
  async cancel(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string): Promise<void> {
    await this.events.cancel(staff.firm.id, id);
  }
}
