import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
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
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async create(input: NewStaffUser, em?: EntityManager): Promise<StaffUser> {
    const passwordHash = await this.hasher.hash(input.password);
    const insert = async (m: EntityManager): Promise<StaffUser> => {
      const email = normalizeEmail(input.email);
      if (await m.existsBy(StaffUser, { email })) throw emailTaken();
      const user = m.create(StaffUser, {
        id: randomUUID(), firmId: input.firmId, name: input.name.trim(), email, passwordHash,
        permissions: [...new Set(input.permissions)], createdAt: this.clock.now(),
      });
      try {
        await m.insert(StaffUser, user);
      } catch (error) {
        if (isUniqueViolation(error)) throw emailTaken();
        throw error;
      }
      return user;
    };
    return em ? insert(em) : this.transactions.run(insert);
  }
}

function emailTaken(): DomainError {
  return new DomainError(IdentityErrorCode.EMAIL_TAKEN, 'An account with this email already exists. Sign in instead.');
}

