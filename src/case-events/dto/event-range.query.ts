import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import { IsInstant } from '../../common/http/validators.js';

/** ?from&to&cursor&limit for event lists: events starting in [from, to), by startsAt then id. */
export class EventRangeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'only events starting at or after this instant (ISO 8601 with an offset, 1900–2199 UTC)',
  })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({
    description: 'only events starting before this instant (ISO 8601 with an offset, 1900–2199 UTC)',
  })
  @IsOptional()
  @IsInstant()
  to?: string;
}
