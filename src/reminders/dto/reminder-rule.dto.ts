import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

/** Thirty days: the longest lead time a reminder may have. */
export const MAX_OFFSET_MINUTES = 43_200;

export class CreateReminderRuleDto {
  @ApiProperty({ description: 'the template to send' })
  @IsUUID('all', { message: 'templateId must be a UUID' })
  templateId!: string;

  @ApiProperty({
    minimum: 0,
    maximum: MAX_OFFSET_MINUTES,
    example: 1440,
    description: 'how long before the event starts the reminder goes out',
  })
  @IsInt({ message: 'offsetMinutes must be a whole number' })
  @Min(0)
  @Max(MAX_OFFSET_MINUTES)
  offsetMinutes!: number;
}

export class ReminderRuleViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ format: 'uuid', description: 'the template sent' }) templateId!: string;
  @ApiProperty({ example: 1440, description: 'how long before each shared event starts the reminder goes out' })
  offsetMinutes!: number;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
