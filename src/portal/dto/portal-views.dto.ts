import { ApiProperty } from '@nestjs/swagger';

/** The shapes the portal routes answer with (portal.controller.ts, portal-event.view.ts make them); here for the OpenAPI document. */
export class PortalClientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'America/New_York' }) timezone!: string | null;
}

export class PortalFirmDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'America/New_York', description: 'the zone a client without one of their own sees times in' })
  timezone!: string;
}

/** The signed-in client and their firm, for the portal header. */
export class PortalMeDto {
  @ApiProperty({ type: PortalClientDto }) client!: PortalClientDto;
  @ApiProperty({ type: PortalFirmDto }) firm!: PortalFirmDto;
}

/** All a client sees of an event: no description, staff, Zoom meeting id or case. */
export class PortalEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) endsAt!: string | null;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ type: String, nullable: true }) location!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'https://zoom.us/j/85746065432', description: 'the join URL' })
  videoLink!: string | null;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status!: 'scheduled' | 'cancelled';
}

/** The client's own feed: a new call replaces the previous URL, which dies at once. */
export class PortalCalendarFeedDto {
  @ApiProperty({ example: 'https://app.example.com/calendar/abc123.ics' }) url!: string;
  @ApiProperty({
    example: 'webcal://app.example.com/calendar/abc123.ics',
    description: 'the same URL with the webcal:// scheme',
  })
  webcalUrl!: string;
}
