import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginRateLimitGuard } from '../common/rate-limit/login-rate-limit.guard.js';
import { RateLimiter } from '../common/rate-limit/rate-limiter.js';
import { AuthService } from './auth.service.js';
import { ClientAuthGuard, StaffAuthGuard, StaffPolicyGuard } from './auth/auth.guards.js';
import { SessionCookies } from './auth/session-cookies.js';
import { SignupRateLimit } from '../common/rate-limit/signup-rate-limit.js';
import { Client } from './entities/client.entity.js';
import { Firm } from './entities/firm.entity.js';
import { CaseClient, CaseStaff, LegalCase } from './entities/legal-case.entity.js';
import { Session } from './entities/session.entity.js';
import { StaffUser } from './entities/staff-user.entity.js';
import { IdentityCoreModule } from './identity-core.module.js';
import { AuthController, PortalAuthController, StaffController } from './identity.controller.js';
import { SessionService } from './session.service.js';
import { StaffUsersService } from './staff-users.service.js';
import { TeamController } from './team.controller.js';
import { TeamMembersService } from './team-members.service.js';

/** Firms, staff, clients, cases and the sessions that sign them in. */
@Module({
  imports: [
    IdentityCoreModule,
    TypeOrmModule.forFeature([Firm, StaffUser, Client, LegalCase, CaseClient, CaseStaff, Session]),
  ],
  controllers: [AuthController, StaffController, TeamController, PortalAuthController],
  providers: [
    RateLimiter,
    LoginRateLimitGuard,
    SignupRateLimit,
    SessionCookies,
    AuthService,
    SessionService,
    StaffUsersService,
    TeamMembersService,
    StaffAuthGuard,
    ClientAuthGuard,
    StaffPolicyGuard,
  ],
  exports: [
    IdentityCoreModule,
    TeamMembersService,
    SessionService,
    SessionCookies,
    RateLimiter,
    StaffAuthGuard,
    ClientAuthGuard,
    StaffPolicyGuard,
  ],
})
export class IdentityModule {}
