import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DATABASE_RETRY_AFTER_S } from '../common/errors/all-exceptions.filter.js';
import { CommonErrorCode, DomainError } from '../common/errors/domain-error.js';
import { ApiErrors } from '../common/http/api-responses.js';

/** A healthy answer; an unhealthy one is the 503 error body. */
export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ enum: ['up'] }) database!: 'up';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOkResponse({ type: HealthDto, description: 'the app and its database answer' })
  @ApiErrors(503)
  async check(): Promise<HealthDto> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new DomainError(
        CommonErrorCode.DATABASE_UNAVAILABLE,
        'The database is not answering. Try again in a moment.',
        {},
        DATABASE_RETRY_AFTER_S,
      );
    }
    return { status: 'ok', database: 'up' };
  }
}
