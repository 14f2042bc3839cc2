import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import { CommonErrorCode, DomainError } from '../../common/errors/domain-error.js';
import { Client } from '../entities/client.entity.js';
import type { Firm } from '../entities/firm.entity.js';
import { hasActiveSubscription } from '../firm-subscription.js';
import { StaffUser, type Permission } from '../entities/staff-user.entity.js';
import type { SessionKind } from '../entities/session.entity.js';
import { SessionService } from '../session.service.js';
import { bearerToken, type AuthenticatedRequest } from './request-context.js';
import { SessionCookies } from './session-cookies.js';

const unauthorized = (): DomainError =>
  new DomainError(
    CommonErrorCode.UNAUTHORIZED,
    'Sign in to continue: the access token is missing, expired or revoked.',
  );

/**
 * The signed-in subject behind the request, with its firm; 401 for anything else. A request with an
 * Authorization header is authenticated by that header alone; otherwise by the session cookie, whose
 * writes must come from our own pages (403 csrf_failed).
 */
async function authenticate<T extends { id: string; firmId: string }>(
  req: AuthenticatedRequest,
  kind: SessionKind,
  sessions: SessionService,
  cookies: SessionCookies,
  subject: new () => T,
): Promise<{ subject: T; firm: Firm; token: string }> {
  const fromHeader = req.headers.authorization !== undefined;
  const token = fromHeader ? bearerToken(req) : cookies.read(req, kind);
  if (!token) throw unauthorized();
  if (!fromHeader) cookies.checkWrite(req);
  const found = await sessions.resolve(token, kind, subject);
  if (!found) throw unauthorized();
  return { ...found, token };
}

@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionService,
    private readonly cookies: SessionCookies,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { subject: user, firm, token } = await authenticate(req, 'staff', this.sessions, this.cookies, StaffUser);
    // Offboarding deletes the member's sessions; this also refuses one opened by a sign-in that raced it.
    if (user.removedAt !== null) throw unauthorized();
    req.staff = { user, firm, token };
    return true;
  }
}

@Injectable()
export class ClientAuthGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionService,
    private readonly cookies: SessionCookies,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { subject: client, firm, token } = await authenticate(req, 'client', this.sessions, this.cookies, Client);
    req.portalClient = { client, firm, token };
    return true;
  }
}

const PERMISSION_KEY = 'identity:permission';
const SUBSCRIPTION_KEY = 'identity:subscription';

/** Runs after StaffAuthGuard: the permission and subscription a route asks for. */
@Injectable()
export class StaffPolicyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const staff = context.switchToHttp().getRequest<AuthenticatedRequest>().staff;
    if (!staff) throw unauthorized();
    const targets = [context.getHandler(), context.getClass()];
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (permission && !staff.user.permissions.includes(permission)) {
      throw new DomainError(
        CommonErrorCode.TEAM_SETTINGS_REQUIRED,
        'You need the team settings permission to do this. Ask your firm owner to grant it.',
      );
    }
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(SUBSCRIPTION_KEY, targets) &&
      !hasActiveSubscription(staff.firm)
    ) {
      throw new DomainError(
        CommonErrorCode.SUBSCRIPTION_INACTIVE,
        'Your firm needs an active subscription to do this.',
      );
    }
    return true;
  }
}

/** A staff-only route (a client token gets 401). */
export const StaffOnly = (): MethodDecorator & ClassDecorator =>
  applyDecorators(ApiBearerAuth(), ApiCookieAuth('staff-session'), UseGuards(StaffAuthGuard, StaffPolicyGuard));

/** A client-portal route (a staff token gets 401). */
export const ClientOnly = (): MethodDecorator & ClassDecorator =>
  applyDecorators(ApiBearerAuth(), ApiCookieAuth('client-session'), UseGuards(ClientAuthGuard));

export const RequiresPermission = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(PERMISSION_KEY, permission);

export const RequiresActiveSubscription = (): MethodDecorator & ClassDecorator => SetMetadata(SUBSCRIPTION_KEY, true);
