import { ApiProperty } from '@nestjs/swagger';

/** One client's reminder for an event (reminders.views.ts makes it); here for the OpenAPI document. */
export class DeliveryViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) ruleId!: string | null;
  @ApiProperty({ enum: ['sms', 'email'] }) channel!: 'sms' | 'email';
  @ApiProperty({ enum: ['scheduled', 'sent', 'failed', 'cancelled', 'skipped'] }) status!:
    'scheduled' | 'sent' | 'failed' | 'cancelled' | 'skipped';
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) sentAt!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'why the last attempt failed or the delivery was skipped, in words',
  })
  lastError!: string | null;
}
