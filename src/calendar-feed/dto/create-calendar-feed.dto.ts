import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID, ValidateIf } from 'class-validator';
import { STAFF_FEED_SCOPES, type StaffFeedScope } from '../calendar-feed.entity.js';

export class CreateCalendarFeedDto {
  @ApiProperty({
    enum: STAFF_FEED_SCOPES,
    description: 'me: the events you are on or created; case: every event of one case',
  })
  @IsIn(STAFF_FEED_SCOPES, { message: `scope must be one of ${STAFF_FEED_SCOPES.join(', ')}` })
  scope!: StaffFeedScope;

  @ApiPropertyOptional({ description: 'the case, for scope case only' })
  // Required for a case feed; checked whenever given, so a malformed id is always a 400.
  @ValidateIf((dto: CreateCalendarFeedDto) => dto.scope === 'case' || dto.caseId !== undefined)
  @IsUUID('all', { message: 'caseId must be the id of a case' })
  caseId?: string;
}
