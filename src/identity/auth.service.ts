import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PasswordHasher } from '../common/crypto/password-hasher.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Transactions } from '../database/transactions.js';
import type { SignupDto } from './dto/auth.dto.js';
import { Client } from './entities/client.entity.js';
import { Firm } from './entities/firm.entity.js';
import { PERMISSIONS, StaffUser } from './entities/staff-user.entity.js';
import { IdentityErrorCode } from './identity.errors.js';
import { SessionService } from './session.service.js';
import { normalizeEmail, StaffUsersService } from './staff-users.service.js';
import { clientView, userView, type ClientView, type UserView } from './views.js';

const invalidCredentials = (): DomainError =>
  new DomainError(IdentityErrorCode.INVALID_CREDENTIALS, 'The email or password is not right.');

/** Sign-up, sign-in and sign-out, for staff and for portal clients. */
@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    @InjectRepository(Client) private readonly clients: Repository<Client>,
    private readonly staffUsers: StaffUsersService,
    private readonly sessions: SessionService,
    private readonly hasher: PasswordHasher,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async signup(dto: SignupDto): Promise<{ accessToken: string; user: UserView }> {
    const user = await this.transactions.run(async (em) => {
      const firm = em.create(Firm, {
        id: randomUUID(), name: dto.firmName.trim(), timezone: dto.timezone ?? 'America/New_York',
        subscriptionStatus: 'trialing', createdAt: this.clock.now(),
      });
      await em.insert(Firm, firm);
      return this.staffUsers.create({ firmId: firm.id, name: dto.name, email: dto.email, password: dto.password, permissions: [...PERMISSIONS] }, em);
    });
    return { accessToken: await this.sessions.open('staff', user.id, user.firmId), user: userView(user) };
  }

  async login(email: string, password: string): Promise<{ accessToken: string; user: UserView }> {
    const user = await this.users.findOneBy({ email: normalizeEmail(email) });
    // verify() hashes even without a user, so an unknown email answers as slowly as a wrong password.
    if (!(await this.hasher.verify(password, user?.passwordHash)) || !user) throw invalidCredentials();
    return { accessToken: await this.sessions.open('staff', user.id, user.firmId), user: userView(user) };
  }

  async portalLogin(email: string, password: string): Promise<{ accessToken: string; client: ClientView }> {
    const candidates = await this.clients.find({ where: { email: normalizeEmail(email) }, order: { createdAt: 'ASC' }, take: 5 });
    const withPassword = candidates.filter((c) => c.portalPasswordHash !== null);
    for (const client of withPassword) {
      if (await this.hasher.verify(password, client.portalPasswordHash)) {
        return { accessToken: await this.sessions.open('client', client.id, client.firmId), client: clientView(client) };
      }
    }
    if (withPassword.length === 0) await this.hasher.verify(password, null);
    throw invalidCredentials();
  }

  logout(token: string): Promise<void> {
    return this.sessions.close(token);
  }
}
