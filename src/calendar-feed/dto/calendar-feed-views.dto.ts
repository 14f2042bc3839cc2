import { ApiProperty } from '@nestjs/swagger';
import { STAFF_FEED_SCOPES, type StaffFeedScope } from '../calendar-feed.entity.js';

/** A staff feed as the list shows it (calendarFeedView): never its URL. */
export class CalendarFeedViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: STAFF_FEED_SCOPES }) scope!: StaffFeedScope;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'the case, for scope case' }) caseId!:
    string | null;
  @ApiProperty({ description: "the calendar's name in the subscriber's app" }) name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A feed just issued or rotated: its URL, shown this once. */
export class IssuedCalendarFeedDto extends CalendarFeedViewDto {
  @ApiProperty({ example: 'https://app.example.com/calendar/abc123.ics', description: 'shown only here' }) url!: string;
  @ApiProperty({
    example: 'webcal://app.example.com/calendar/abc123.ics',
    description: 'the same URL with the webcal:// scheme',
  })
  webcalUrl!: string;
}
