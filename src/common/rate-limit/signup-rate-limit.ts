import { Injectable } from '@nestjs/common';
import { CommonErrorCode, DomainError } from '../errors/domain-error.js';
import { addressKey } from './rate-limit-keys.js';
import { RateLimiter, type RateLimit } from './rate-limiter.js';

const PER_IP: RateLimit = { name: 'signup-ip', points: 20, durationMs: 3_600_000 };

/**
 * api.md's sign-up limit: 20 attempts that pass validation per IP (per /64 for IPv6) in an hour,
 * from the first of them. Called by the sign-up itself, after validation and before the password is
 * hashed. A refused attempt does not count: it comes once the window is full, and the window ends
 * an hour after its first attempt however many refusals follow. A guard would run before
 * validation, so this is not one.
 */
@Injectable()
export class SignupRateLimit {
  constructor(private readonly limiter: RateLimiter) {}

  async check(ip: string | undefined): Promise<void> {
    const verdict = await this.limiter.hit(PER_IP, addressKey(ip));
    if (!verdict.allowed) {
      throw new DomainError(
        CommonErrorCode.RATE_LIMITED,
        'Too many sign-ups from this network. Try again later.',
        {},
        verdict.retryAfterSeconds,
      );
    }
  }
}
