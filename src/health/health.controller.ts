import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DATABASE_RETRY_AFTER_S } from '../common/errors/all-exceptions.filter.js';
import { CommonErrorCode, DomainError } from '../common/errors/domain-error.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  async check(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new DomainError(CommonErrorCode.DATABASE_UNAVAILABLE, 'The database is not answering. Try again in a moment.', {}, DATABASE_RETRY_AFTER_S);
    }
    return { status: 'ok', database: 'up' };
  }
}
