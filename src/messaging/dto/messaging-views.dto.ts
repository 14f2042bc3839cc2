import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MESSAGE_CHANNELS, type MessageChannel } from '../records.js';
import type { SmsEncoding } from '../message-renderer.service.js';

/** The shapes the messaging routes answer with (messaging.views.ts and the renderer make them); here for the OpenAPI document. */
export class MergeFieldDto {
  @ApiProperty({ example: 'client_first_name', description: 'used as `{{ client_first_name }}`' }) name!: string;
  @ApiProperty({ example: "The client's first name." }) description!: string;
  @ApiProperty({ example: 'Carla', description: 'the value previews and template checks use' }) example!: string;
}

/** A template the check found nothing wrong with. */
export class TemplateCheckDto {
  @ApiProperty({ type: Boolean, enum: [true] }) ok!: true;
}

export class MessageTemplateViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ enum: MESSAGE_CHANNELS }) channel!: MessageChannel;
  @ApiProperty({ example: 'Day-before reminder' }) name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'email only; null for SMS' }) subject!: string | null;
  @ApiProperty({ example: 'Hi {{ client_first_name }}, join at {{ video_link }}' }) body!: string;
  @ApiProperty({ format: 'uuid', description: 'the staff member who wrote it' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** What one client would get for one event: the preview the UI shows and the text the workers send. */
export class RenderedMessageDto {
  @ApiPropertyOptional({ description: 'email only: one line' }) subject?: string;
  @ApiProperty({ description: 'the email body HTML-escaped; the SMS text as it is' }) body!: string;
  @ApiPropertyOptional({ description: 'SMS only: how many segments the provider will bill' }) smsSegments?: number;
  @ApiPropertyOptional({ enum: ['GSM-7', 'UCS-2'], description: 'SMS only' }) smsEncoding?: SmsEncoding;
}
