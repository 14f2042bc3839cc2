import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsIanaTimeZone, IsInstant } from '../../common/http/validators.js';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
/** Optional, but null is not a value for it (unlike IsOptional, which lets null through). */
const IfPresent = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

export class CreateCaseEventDto {
  @ApiProperty({ minLength: 1, maxLength: 500 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(500)
  title!: string;

  @ApiProperty({
    example: '2026-12-01T15:00:00-05:00',
    description: 'ISO 8601 with an offset, between 1900-01-01 and 2199-12-31 (UTC)',
  })
  @IsInstant()
  startsAt!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-12-01T16:00:00-05:00',
    description: 'ISO 8601 with an offset, between 1900-01-01 and 2199-12-31 (UTC); after startsAt',
  })
  @IsOptional()
  @IsInstant()
  endsAt?: string | null;

  @ApiProperty({ example: 'America/New_York' })
  @IsIanaTimeZone()
  timezone!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  location?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2048,
    example: 'https://zoom.us/j/85746065432',
    description: 'an https URL; null clears it and the Zoom meeting id',
  })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'videoLink must be an https URL' })
  @MaxLength(2048)
  videoLink?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '85746065432',
    description: 'the Zoom meeting behind videoLink, as its decimal digits',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,32}$/, { message: 'zoomMeetingId must be the meeting id as decimal digits' })
  zoomMeetingId?: string | null;

  @ApiPropertyOptional({ default: false })
  @IfPresent()
  @IsBoolean()
  sharedWithClients?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'staff members of your firm on this event' })
  @IfPresent()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  staffIds?: string[];
}

/** Any create field; null is accepted only where the event may lack the value. */
export class UpdateCaseEventDto extends PartialType(CreateCaseEventDto, { skipNullProperties: false }) {}
