import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min, registerDecorator } from 'class-validator';
import { IsIanaTimeZone } from '../../../common/http/validators.js';
import { IsInstantWithOffset } from '../../../common/time.js';

function NotWith(other: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notWith',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `give ${String(propertyName)} or ${other}, not both` },
      validator: {
        validate: (_value: unknown, args) => (args?.object as Record<string, unknown>)[other] === undefined,
      },
    });
}

/**
 * The event form's fields, before the event is saved. Title and start are checked by the meeting
 * service (422 event_title_required / event_start_required), not here, as api.md asks.
 */
export class CreateMeetingDto {
  @ApiProperty({ type: String, description: 'missing or blank: 422 event_title_required' })
  @IsOptional()
  title?: unknown;
  @ApiProperty({
    type: String,
    example: '2026-12-01T15:00:00-05:00',
    description: 'ISO 8601 with an offset; missing or unparseable: 422 event_start_required',
  })
  @IsOptional()
  startsAt?: unknown;
  @ApiPropertyOptional() @IsOptional() @IsInstantWithOffset() @NotWith('durationMinutes') endsAt?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1440 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes?: number;
  @ApiProperty({ example: 'America/New_York' }) @IsIanaTimeZone() timezone!: string;
}
