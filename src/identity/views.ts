import type { Client } from './entities/client.entity.js';
import type { Firm } from './entities/firm.entity.js';
import type { StaffUser } from './entities/staff-user.entity.js';

/** What the API shows of each identity record; nothing secret ever leaves through these. */
/** A former member's email is the one they had (`formerEmail`): the address itself is free again. */
export const userView = (u: StaffUser) => ({
  id: u.id,
  firmId: u.firmId,
  name: u.name,
  email: u.email ?? u.formerEmail ?? '',
  permissions: u.permissions,
});

export const firmView = (f: Firm) => ({
  id: f.id,
  name: f.name,
  timezone: f.timezone,
  subscriptionStatus: f.subscriptionStatus,
});

export const clientView = (c: Client) => ({
  id: c.id,
  firmId: c.firmId,
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email,
  phone: c.phone,
  timezone: c.timezone,
  smsOptIn: c.smsOptIn,
  portalAccess: c.portalPasswordHash !== null,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

export type UserView = ReturnType<typeof userView>;
export type ClientView = ReturnType<typeof clientView>;
