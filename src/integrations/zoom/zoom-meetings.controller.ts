import { Body, Controller, Headers, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-responses.js';
import { RequiresActiveSubscription, StaffOnly } from '../../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../../identity/auth/request-context.js';
import { CreateMeetingDto } from './dto/create-meeting.dto.js';
import { ZoomMeetingDto } from './dto/zoom-views.dto.js';
import { ZoomFormMeetingService } from './zoom-form-meeting.service.js';

@ApiTags('integrations')
@Controller('api/v1/integrations/zoom/meetings')
@StaffOnly()
@RequiresActiveSubscription()
export class ZoomMeetingsController {
  constructor(private readonly meetings: ZoomFormMeetingService) {}

  /** "Add Zoom meeting" on the event form, before the event is saved. */
  @Post()
  @ApiCreatedResponse({ type: ZoomMeetingDto })
  @ApiErrors(400, 401, 403, 409, 422, 429, 502)
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description: 'A repeat returns the first successful answer and creates nothing (kept 24 h).',
  })
  create(
    @CurrentStaff() staff: StaffContext,
    @Body() dto: CreateMeetingDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.meetings.create(staff.user.id, dto, idempotencyKey);
  }
}
