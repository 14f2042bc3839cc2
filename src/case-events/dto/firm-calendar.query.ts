import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EventRangeQueryDto } from './event-range.query.js';

/** ?from&to&mine&cursor&limit of the firm's calendar. */
export class FirmCalendarQueryDto extends EventRangeQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: only events whose staffIds hold the caller or that the caller created',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'mine must be true or false' })
  mine?: 'true' | 'false';
}
