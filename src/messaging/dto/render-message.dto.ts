import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { MESSAGE_CHANNELS, type MessageChannel } from '../records.js';
import { MAX_BODY_CHARS, MAX_SUBJECT_CHARS } from './message-template.dto.js';

const IfPresent = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

/** Either a saved template (`templateId`) or a draft (`channel`, `subject?`, `body`), for one event and one client. */
export class RenderMessageDto {
  @ApiPropertyOptional({ description: 'a saved template; or give channel and body instead' })
  @IfPresent()
  @IsUUID('all', { message: 'templateId must be a UUID' })
  templateId?: string;

  @ApiPropertyOptional({ enum: MESSAGE_CHANNELS })
  @IfPresent()
  @IsIn(MESSAGE_CHANNELS, { message: `channel must be one of: ${MESSAGE_CHANNELS.join(', ')}` })
  channel?: MessageChannel;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MAX_SUBJECT_CHARS,
    description: 'required for an email draft',
  })
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

  @ApiProperty()
  @IsUUID('all', { message: 'eventId must be a UUID' })
  eventId!: string;

  @ApiProperty()
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId!: string;
}
