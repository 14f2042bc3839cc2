import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { CommonErrorCode, DomainError } from '../errors/domain-error.js';
import { addressKey, emailKey } from './rate-limit-keys.js';
import { RateLimiter, type RateLimit } from './rate-limiter.js';

const MINUTE_MS = 60_000;
const PER_EMAIL: RateLimit = { name: 'login-email', points: 10, durationMs: MINUTE_MS };
const PER_IP: RateLimit = { name: 'login-ip', points: 30, durationMs: MINUTE_MS };

/**
 * The sign-in limits of api.md: 10 attempts in a minute per email (its case, accent and width
 * variants are one email, as MySQL's collation holds them), 30 per IP (per /64 for IPv6), each in a
 * window opened by the first attempt. Every attempt counts, refused ones too; it runs before
 * validation, so even a malformed attempt counts. A guard rather than @nestjs/throttler, which is
 * CommonJS and cannot load the ESM-only Nest 12 under Jest.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const email = emailKey((req.body as { email?: unknown } | undefined)?.email);
    const verdicts = await Promise.all([
      this.limiter.hit(PER_IP, `${route}:${addressKey(req.ip)}`),
      this.limiter.hit(PER_EMAIL, `${route}:${email}`),
    ]);
    const refused = verdicts.filter((v) => !v.allowed);
    if (refused.length > 0) {
      throw new DomainError(
        CommonErrorCode.RATE_LIMITED,
        'Too many sign-in attempts. Wait a moment and try again.',
        {},
        Math.max(...refused.map((v) => v.retryAfterSeconds)),
      );
    }
    return true;
  }
}
