import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PasswordHasher } from '../common/crypto/password-hasher.js';
import { DomainError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/driver-errors.js';
import { Transactions } from '../database/transactions.js';
import { StaffUser, type Permission } from './entities/staff-user.entity.js';
import { IdentityErrorCode } from './identity.errors.js';

export interface NewStaffUser {
  firmId: string;
  name: string;
  email: string;
  password: string;
  permissions: Permission[];
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

@Injectable()
export class StaffUsersService {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async create(input: NewStaffUser): Promise<StaffUser> {
    const passwordHash = await this.hashNewPassword(input.email, input.password);
    return this.transactions.run((em) => this.insert(em, input, passwordHash));
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
      id: randomUUID(), firmId: input.firmId, name: input.name.trim(), email, passwordHash,
      permissions: [...new Set(input.permissions)], createdAt: this.clock.now(),
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

function emailTaken(): DomainError {
  return new DomainError(IdentityErrorCode.EMAIL_TAKEN, 'An account with this email already exists. Sign in instead.');
}

