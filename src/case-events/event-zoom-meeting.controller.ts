import { Controller, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/http/api-responses.js';
import type { Response } from 'express';
import { IdPipe } from '../common/http/id.pipe.js';
import { RequiresActiveSubscription, StaffOnly } from '../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../identity/auth/request-context.js';
import { CaseEventViewDto } from './dto/case-event-view.dto.js';
import { EventZoomMeetingService } from './event-zoom-meeting.service.js';

@ApiTags('case-events')
@Controller('api/v1/events')
@StaffOnly()
@RequiresActiveSubscription()
export class EventZoomMeetingController {
  constructor(private readonly meetings: EventZoomMeetingService) {}

  /** "Add Zoom meeting" from the timeline: 201 with the event when created, 200 when it already had one. */
  @Post(':id/zoom-meeting')
  @ApiCreatedResponse({ type: CaseEventViewDto, description: 'the event, its videoLink set to the new meeting' })
  @ApiOkResponse({ type: CaseEventViewDto, description: 'the event already had a Zoom meeting: no new one' })
  @ApiErrors(401, 403, 404, 409, 422, 429, 502)
  async add(
    @CurrentStaff() staff: StaffContext,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, event } = await this.meetings.add(staff, id);
    res.status(created ? 201 : 200);
    return event;
  }
}
