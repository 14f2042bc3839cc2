import { ApiProperty } from '@nestjs/swagger';

/** An event as the staff API shows it (case-event.views.ts makes it); here for the OpenAPI document. */
export class CaseEventViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) endsAt!: string | null;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ type: String, nullable: true }) location!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'https://zoom.us/j/85746065432' }) videoLink!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '85746065432' }) zoomMeetingId!: string | null;
  @ApiProperty() sharedWithClients!: boolean;
  @ApiProperty({ type: [String] }) staffIds!: string[];
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status!: 'scheduled' | 'cancelled';
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
