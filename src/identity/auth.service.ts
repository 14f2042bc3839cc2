import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PasswordHasher } from '../common/crypto/password-hasher.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Transactions } from '../database/transactions.js';
import { SignupRateLimit } from '../common/rate-limit/signup-rate-limit.js';
import type { PortalLoginDto, SignupDto } from './dto/auth.dto.js';
import { Client } from './entities/client.entity.js';
import { Firm } from './entities/firm.entity.js';
import { PERMISSIONS, StaffUser } from './entities/staff-user.entity.js';
import { IdentityErrorCode } from './identity.errors.js';
import { SessionService } from './session.service.js';
import { normalizeEmail, StaffUsersService } from './staff-users.service.js';
import { clientView, userView, type ClientView, type UserView } from './views.js';

const invalidCredentials = (): DomainError =>
  new DomainError(IdentityErrorCode.INVALID_CREDENTIALS, 'The email or password is not right.');

const MAX_PORTAL_CANDIDATES = 10;

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
    private readonly signupLimit: SignupRateLimit,
  ) {}

  /** `clientAddress` counts against the sign-up limit, before the password is hashed. */
  async signup(dto: SignupDto, clientAddress: string | undefined): Promise<{ accessToken: string; user: UserView }> {
    await this.signupLimit.check(clientAddress);
    const passwordHash = await this.staffUsers.hashNewPassword(dto.email, dto.password);
    const user = await this.transactions.run(async (em) => {
      const firm = em.create(Firm, {
        id: randomUUID(),
        name: dto.firmName.trim(),
        timezone: dto.timezone ?? 'America/New_York',
        subscriptionStatus: 'trialing',
        createdAt: this.clock.now(),
      });
      await em.insert(Firm, firm);
      return this.staffUsers.insert(
        em,
        { firmId: firm.id, name: dto.name, email: dto.email, permissions: [...PERMISSIONS] },
        passwordHash,
      );
    });
    return { accessToken: await this.sessions.open('staff', user.id, user.firmId), user: userView(user) };
  }

  async login(email: string, password: string): Promise<{ accessToken: string; user: UserView }> {
    const user = await this.users.findOneBy({ email: normalizeEmail(email) });
    // verify() hashes even without a user, so an unknown email answers as slowly as a wrong password.
    if (!(await this.hasher.verify(password, user?.passwordHash)) || !user) throw invalidCredentials();
    return { accessToken: await this.sessions.open('staff', user.id, user.firmId), user: userView(user) };
  }

  /**
   * With `firmId` (the portal pages), only that firm's client with the email and portal access is
   * tried, so no record elsewhere can stand in the way. Without it (older API clients), the oldest
   * MAX_PORTAL_CANDIDATES such records across firms, so no sign-in costs more hashes than that.
   */
  async portalLogin({ email, password, firmId }: PortalLoginDto): Promise<{ accessToken: string; client: ClientView }> {
    const candidates = await this.clients.find({
      where: { portalLoginEmail: normalizeEmail(email), ...(firmId ? { firmId } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: firmId ? 1 : MAX_PORTAL_CANDIDATES,
    });
    for (const client of candidates) {
      if (await this.hasher.verify(password, client.portalPasswordHash)) {
        return {
          accessToken: await this.sessions.open('client', client.id, client.firmId),
          client: clientView(client),
        };
      }
    }
    // Nobody to try still costs one hash, so an unknown email or firm answers as slowly as a wrong password.
    if (candidates.length === 0) await this.hasher.verify(password, null);
    throw invalidCredentials();
  }

  logout(token: string): Promise<void> {
    return this.sessions.close(token);
  }
}
