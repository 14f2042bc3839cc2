import { Controller, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IdPipe } from '../common/http/id.pipe.js';
import { RequiresActiveSubscription, StaffOnly } from '../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../identity/auth/request-context.js';
import { EventZoomMeetingService } from './event-zoom-meeting.service.js';

@ApiTags('case-events')
@Controller('api/v1/events')
@StaffOnly()
@RequiresActiveSubscription()
export class EventZoomMeetingController {
  constructor(private readonly meetings: EventZoomMeetingService) {}

  /** "Add Zoom meeting" from the timeline: 201 with the event when created, 200 when it already had one. */
  @Post(':id/zoom-meeting')
  async add(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const { created, event } = await this.meetings.add(staff, id);
    res.status(created ? 201 : 200);
    return event;
  }
}
