import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Client } from '../entities/client.entity.js';
import type { Firm } from '../entities/firm.entity.js';
import type { StaffUser } from '../entities/staff-user.entity.js';

/** Who is calling, as the auth guards found them. */
export interface StaffContext {
  user: StaffUser;
  firm: Firm;
  token: string;
}

export interface ClientContext {
  client: Client;
  firm: Firm;
  token: string;
}

export type AuthenticatedRequest = Request & { staff?: StaffContext; portalClient?: ClientContext };

export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffContext => {
  const staff = ctx.switchToHttp().getRequest<AuthenticatedRequest>().staff;
  if (!staff) throw new Error('CurrentStaff used on a route without StaffAuthGuard');
  return staff;
});

export const CurrentClient = createParamDecorator((_: unknown, ctx: ExecutionContext): ClientContext => {
  const client = ctx.switchToHttp().getRequest<AuthenticatedRequest>().portalClient;
  if (!client) throw new Error('CurrentClient used on a route without ClientAuthGuard');
  return client;
});
