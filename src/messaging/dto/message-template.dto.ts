import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { MESSAGE_CHANNELS, type MessageChannel } from '../records.js';

/** 16,000 characters of 4-byte UTF-8 still fit MySQL's 64 KB TEXT column. */
export const MAX_BODY_CHARS = 16_000;
export const MAX_SUBJECT_CHARS = 500;

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
/** Optional, but null is not a value for it (IsOptional alone lets null through). */
const IfPresent = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

export class CreateMessageTemplateDto {
  @ApiProperty({ enum: MESSAGE_CHANNELS })
  @IsIn(MESSAGE_CHANNELS, { message: `channel must be one of: ${MESSAGE_CHANNELS.join(', ')}` })
  channel!: MessageChannel;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Day-before reminder' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MAX_SUBJECT_CHARS,
    description: 'required for email; ignored for SMS',
    example: 'Your meeting on {{ event_date }}',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SUBJECT_CHARS)
  subject?: string | null;

  @ApiProperty({ maxLength: MAX_BODY_CHARS, example: 'Hi {{ client_first_name }}, join at {{ video_link }}' })
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_CHARS)
  body!: string;
}

/** A template as the editor holds it while the user types: what saving would check, without a name. */
export class CheckMessageTemplateDto {
  @ApiProperty({ enum: MESSAGE_CHANNELS })
  @IsIn(MESSAGE_CHANNELS, { message: `channel must be one of: ${MESSAGE_CHANNELS.join(', ')}` })
  channel!: MessageChannel;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MAX_SUBJECT_CHARS,
    description: 'required for email; ignored for SMS',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SUBJECT_CHARS)
  subject?: string | null;

  @ApiProperty({ maxLength: MAX_BODY_CHARS })
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_CHARS)
  body!: string;
}

export class UpdateMessageTemplateDto {
  @ApiPropertyOptional({ enum: MESSAGE_CHANNELS })
  @IfPresent()
  @IsIn(MESSAGE_CHANNELS, { message: `channel must be one of: ${MESSAGE_CHANNELS.join(', ')}` })
  channel?: MessageChannel;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IfPresent()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_SUBJECT_CHARS })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SUBJECT_CHARS)
  subject?: string | null;

  @ApiPropertyOptional({ maxLength: MAX_BODY_CHARS })
  @IfPresent()
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_CHARS)
  body?: string;
}
