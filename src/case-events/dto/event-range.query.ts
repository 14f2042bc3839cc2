import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import { IsInstantWithOffset } from '../../common/time.js';

/** ?from&to&cursor&limit for event lists: events starting in [from, to), by startsAt then id. */
export class EventRangeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only events starting at or after this instant (ISO 8601 with an offset)' })
  @IsOptional() @IsInstantWithOffset()
  from?: string;

  @ApiPropertyOptional({ description: 'only events starting before this instant (ISO 8601 with an offset)' })
  @IsOptional() @IsInstantWithOffset()
  to?: string;
}
