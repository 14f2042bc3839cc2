import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

/** The one error body of api.md, whatever threw. */
export class ErrorBodyDto {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'zoom_not_connected' }) code!: string;
  @ApiProperty({ example: 'Connect Zoom first under Integrations.' }) message!: string;
  @ApiProperty() correlationId!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'validation_failed: one entry per refused field' })
  errors?: FieldErrorDto[];
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'validation_failed (errors[] names each field) or another refusal of the input',
  401: 'unauthorized: no session, or a dead one',
  403: 'forbidden: a permission, the subscription, or csrf_failed',
  404: 'not_found: no such record in your firm',
  409: 'conflict with the current state',
  422: 'the request cannot be carried out as asked',
  429: 'rate_limited, with Retry-After',
  502: 'an outside service failed',
  503: 'database_unavailable, with Retry-After',
};

/** Documents the contract's error body for each status a route can answer. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, type: ErrorBodyDto, description: ERROR_DESCRIPTIONS[status] ?? 'error' }),
    ),
  );
}

/** A list answer: `{ items: [...], nextCursor: string | null }`. */
export function ApiPage(item: Type<unknown>, description = 'one page, oldest first'): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          nextCursor: { type: 'string', nullable: true },
        },
      },
    }),
  );
}
