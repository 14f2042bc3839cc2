import { Injectable } from '@nestjs/common';
import { CommonErrorCode, DomainError } from '../errors/domain-error.js';
import { addressKey } from './rate-limit-keys.js';
import { RateLimiter } from './rate-limiter.js';

const HOUR_MS = 3_600_000;
const PER_IP = 20;

/**
 * api.md's sign-up limit: 20 attempts that pass validation per IP (per /64 for IPv6) in an hour.
 * Called by the sign-up itself, after validation and before the password is hashed; a refused
 * attempt does not count. A guard would run before validation, so this is not one.
 */
@Injectable()
export class SignupRateLimit {
  constructor(private readonly limiter: RateLimiter) {}

  async check(ip: string | undefined): Promise<void> {
    const verdict = await this.limiter.hit(`signup:ip:${addressKey(ip)}`, HOUR_MS, PER_IP, { countRefused: false });
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
