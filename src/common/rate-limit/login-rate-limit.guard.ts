import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { CommonErrorCode, DomainError } from '../errors/domain-error.js';
import { addressKey, emailKey } from './rate-limit-keys.js';
import { RateLimiter } from './rate-limiter.js';

const MINUTE_MS = 60_000;
const PER_EMAIL = 10;
const PER_IP = 30;

/**
 * The sign-in limits of api.md: 10 attempts in a rolling minute per email (its case, accent and
 * width variants are one email, as MySQL's collation holds them), 30 per IP (per /64 for IPv6).
 * Written here rather than with @nestjs/throttler, which is CommonJS and cannot load the ESM-only Nest 12 under Jest.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const email = emailKey((req.body as { email?: unknown } | undefined)?.email);
    const verdicts = [
      await this.limiter.hit(`${route}:ip:${addressKey(req.ip)}`, MINUTE_MS, PER_IP),
      await this.limiter.hit(`${route}:email:${email}`, MINUTE_MS, PER_EMAIL),
    ];
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
