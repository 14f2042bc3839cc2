import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from './pagination.js';

export const MAX_SEARCH_LENGTH = 100;

/** ?q&cursor&limit of a searchable list: `q` is a case- and accent-insensitive "contains" match. */
export class SearchPageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    maxLength: MAX_SEARCH_LENGTH,
    description: 'contains, ignoring case and accents; % and _ match themselves',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_LENGTH, { message: `q must be at most ${MAX_SEARCH_LENGTH} characters` })
  q?: string;
}
