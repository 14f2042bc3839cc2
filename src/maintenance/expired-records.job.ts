import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Claims } from '../common/claims/claims.service.js';
import { RateLimiter } from '../common/rate-limit/rate-limiter.js';
import { SessionService } from '../identity/session.service.js';
import { ZoomOAuthStateStore } from '../integrations/zoom/zoom-oauth-state.store.js';
import { ZoomTokenService } from '../integrations/zoom/zoom-token.service.js';

const HOUR_MS = 3_600_000;

/** Something that keeps records with an end date and can forget the ended ones. */
interface Purgeable {
  purgeExpired(): Promise<number>;
}

/**
 * Forgets what has ended, hourly: expired sessions (their token hashes), Zoom connect flows past
 * their ten minutes, Zoom access tokens past their hour, idempotency records past their 24 hours,
 * and rate-limit windows that have ended (rate-limiter-flexible's stores would only reset them on the
 * key's next attempt; their own timed clean-up is off). Each owner deletes its own rows.
 */
@Injectable()
export class ExpiredRecordsJob {
  private readonly logger = new Logger(ExpiredRecordsJob.name);
  private running = false;
  private readonly owners: Array<[string, Purgeable]>;

  constructor(
    sessions: SessionService,
    zoomStates: ZoomOAuthStateStore,
    zoomTokens: ZoomTokenService,
    claims: Claims,
    rateLimiter: RateLimiter,
  ) {
    this.owners = [
      ['sessions', sessions],
      ['Zoom connect flows', zoomStates],
      ['Zoom access tokens', zoomTokens],
      ['idempotency records', claims],
      ['rate-limit windows', rateLimiter],
    ];
  }

  @Interval(HOUR_MS)
  async scheduled(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.run();
    } finally {
      this.running = false;
    }
  }

  /** Purges each kind of record; one that fails is logged and the others still go. */
  async run(): Promise<Record<string, number>> {
    const purged: Record<string, number> = {};
    for (const [name, owner] of this.owners) {
      try {
        purged[name] = await owner.purgeExpired();
      } catch (error) {
        this.logger.warn(`Purging expired ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return purged;
  }
}
