import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Not, type EntityManager, type Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { hashToken } from '../common/crypto/opaque-token.js';
import { PasswordHasher } from '../common/crypto/password-hasher.js';
import { CommonErrorCode, DomainError } from '../common/errors/domain-error.js';
import { RateLimiter, type RateLimit } from '../common/rate-limit/rate-limiter.js';
import { isUniqueViolation } from '../database/driver-errors.js';
import { Transactions } from '../database/transactions.js';
import type { StaffContext } from './auth/request-context.js';
import { Session } from './entities/session.entity.js';
import { StaffUser, type Permission } from './entities/staff-user.entity.js';
import { IdentityErrorCode } from './identity.errors.js';
import { TeamErrorCode } from './team.errors.js';

export interface NewStaffUser {
  firmId: string;
  name: string;
  email: string;
  password: string;
  permissions: Permission[];
}

/**
 * Attempts at POST /me/password per member in an hour, refused ones included. A stolen session must not
 * become a way to guess the password behind it (each guess is also a scrypt in the sign-in lane).
 */
const PASSWORD_CHANGES: RateLimit = { name: 'me-password', points: 10, durationMs: 3_600_000 };

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

@Injectable()
export class StaffUsersService {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
  ) {}

  async create(input: NewStaffUser): Promise<StaffUser> {
    const passwordHash = await this.hashNewPassword(input.email, input.password);
    return this.transactions.run((em) => this.insert(em, input, passwordHash));
  }

  /**
   * A new password for the caller: the current one must be right (403 wrong_password), and every
   * other session of theirs dies in the same write as the new hash; the caller's own one survives.
   * Both hashes run before the transaction opens. The update holds only over the hash that was
   * checked, so of two changes racing, the second is wrong_password rather than a silent overwrite.
   */
  async changePassword(staff: StaffContext, currentPassword: string, newPassword: string): Promise<void> {
    const verdict = await this.limiter.hit(PASSWORD_CHANGES, staff.user.id);
    if (!verdict.allowed) {
      throw new DomainError(
        CommonErrorCode.RATE_LIMITED,
        'Too many password change attempts. Try again later.',
        {},
        verdict.retryAfterSeconds,
      );
    }
    const checked = (await this.users.findOneBy({ id: staff.user.id, removedAt: IsNull() }))?.passwordHash;
    if (!checked || !(await this.hasher.verify(currentPassword, checked))) throw wrongPassword();
    const passwordHash = await this.hasher.hash(newPassword);
    await this.transactions.run(async (em) => {
      const updated = await em.update(
        StaffUser,
        { id: staff.user.id, passwordHash: checked, removedAt: IsNull() },
        { passwordHash },
      );
      if (!updated.affected) throw wrongPassword();
      await em.delete(Session, { kind: 'staff', subjectId: staff.user.id, tokenHash: Not(hashToken(staff.token)) });
    });
  }

  /**
   * The hash a new member's password is stored as, made before any transaction opens (half a second
   * of scrypt inside one would hold every other write on SQLite). A taken email is refused first,
   * before the hash is paid for: sign-up says email_taken anyway.
   */
  async hashNewPassword(email: string, password: string): Promise<string> {
    if (await this.users.existsBy({ email: normalizeEmail(email) })) throw emailTaken();
    return this.hasher.hash(password);
  }

  /** Inserts the member in the caller's transaction; the email is checked again, and by its unique index. */
  async insert(em: EntityManager, input: Omit<NewStaffUser, 'password'>, passwordHash: string): Promise<StaffUser> {
    const email = normalizeEmail(input.email);
    if (await em.existsBy(StaffUser, { email })) throw emailTaken();
    const user = em.create(StaffUser, {
      id: randomUUID(),
      firmId: input.firmId,
      name: input.name.trim(),
      email,
      passwordHash,
      permissions: [...new Set(input.permissions)],
      createdAt: this.clock.now(),
    });
    try {
      await em.insert(StaffUser, user);
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    return user;
  }
}

function wrongPassword(): DomainError {
  return new DomainError(TeamErrorCode.WRONG_PASSWORD, 'Your current password is not right.');
}

function emailTaken(): DomainError {
  return new DomainError(
    IdentityErrorCode.EMAIL_TAKEN,
    'An account with this email already exists. Use another email, or sign in with that account.',
  );
}
