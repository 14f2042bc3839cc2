import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ZoomCredential } from './zoom-credential.entity.js';
import { ZoomTokenService } from './zoom-token.service.js';

const STALE_AFTER_MS = 30 * 86_400_000;

/**
 * Zoom refresh tokens lapse when unused for months; refreshing any connection idle for 30 days keeps
 * it alive, or turns it reconnect_needed now rather than when someone needs a meeting.
 */
@Injectable()
export class ZoomKeepAliveJob {
  private readonly logger = new Logger(ZoomKeepAliveJob.name);
  private running = false;

  constructor(
    @InjectRepository(ZoomCredential) private readonly credentials: Repository<ZoomCredential>,
    private readonly tokens: ZoomTokenService,
    private readonly clock: Clock,
  ) {}

  @Interval(6 * 3_600_000)
  async scheduled(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.run();
    } catch (error) {
      this.logger.error(`Zoom keep-alive failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }

  /** Refreshes every connected credential not refreshed for 30 days; answers how many were refreshed. */
  async run(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - STALE_AFTER_MS);
    const stale = await this.credentials.find({
      select: { userId: true },
      where: { status: 'connected', lastRefreshedAt: LessThan(cutoff) },
      take: 500,
    });
    let refreshed = 0;
    for (const { userId } of stale) {
      try {
        await this.tokens.refreshNow(userId);
        refreshed++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`Zoom keep-alive could not refresh user ${userId}: ${error.code}`);
      }
    }
    return refreshed;
  }
}
