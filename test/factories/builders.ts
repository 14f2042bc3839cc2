import { randomBytes, randomUUID } from 'node:crypto';
import type { CaseEventChange, CaseEventSnapshot } from '../../src/case-events/case-event-hooks.js';
import type { CreateClientDto } from '../../src/identity/dto/client.dto.js';
import type { Firm } from '../../src/identity/entities/firm.entity.js';
import { PERMISSIONS, type StaffUser } from '../../src/identity/entities/staff-user.entity.js';
import type { ZoomCredential } from '../../src/integrations/zoom/zoom-credential.entity.js';
import type { CreateMessageTemplateDto } from '../../src/messaging/dto/message-template.dto.js';
import type { MessageChannel } from '../../src/messaging/message-template.entity.js';
import type { Delivery } from '../../src/reminders/delivery.entity.js';
import { uniqueEmail } from './identity.factory.js';
import { templateInput } from './messaging.factory.js';
import { uniquePhone } from './reminders.factory.js';

/**
 * In-memory test data: plain objects and entities with unique values, nothing stored. Unit specs use
 * them as they are; service specs store them through the owning service (the DTO builders) or the
 * test module's repositories (the entity builders). Every builder takes overrides, which win.
 */

const MINUTE_MS = 60_000;

/** An instant `minutes` from now (negative: in the past), to the millisecond both databases keep. */
export const minutesFromNow = (minutes: number): Date => new Date(Date.now() + Math.round(minutes * MINUTE_MS));

const shortId = (): string => randomUUID().slice(0, 8);

export function aFirm(overrides: Partial<Firm> = {}): Firm {
  return {
    id: randomUUID(),
    name: `Firm ${shortId()}`,
    timezone: 'America/New_York',
    subscriptionStatus: 'trialing',
    createdAt: new Date(),
    ...overrides,
  };
}

/** A staff member with every permission. Their password hash verifies no password: sign-ins go through the API. */
export function aStaffUser(overrides: Partial<StaffUser> & Pick<StaffUser, 'firmId'>): StaffUser {
  const email = uniqueEmail('staff');
  return {
    id: randomUUID(),
    name: `Staff ${shortId()}`,
    email,
    formerEmail: null,
    passwordHash: `scrypt$1024$8$1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`,
    permissions: [...PERMISSIONS],
    createdAt: new Date(),
    removedAt: null,
    ...overrides,
  };
}

/** A client with an email, a phone and SMS consent (no portal password: hashing is not what is tested). */
export function aClientDto(overrides: Partial<CreateClientDto> = {}): CreateClientDto {
  return {
    firstName: 'Carla',
    lastName: `Client ${shortId()}`,
    email: uniqueEmail('client'),
    phone: uniquePhone(),
    smsOptIn: true,
    ...overrides,
  } as CreateClientDto;
}

export function aTemplateDto(
  channel: MessageChannel,
  overrides: Partial<CreateMessageTemplateDto> = {},
): CreateMessageTemplateDto {
  return templateInput(channel, overrides) as unknown as CreateMessageTemplateDto;
}

/** An event as the case-events hooks describe it: scheduled, shared with clients, a week ahead, one hour long. */
export function aCaseEventSnapshot(
  overrides: Partial<CaseEventSnapshot> & Pick<CaseEventSnapshot, 'firmId' | 'caseId'>,
): CaseEventSnapshot {
  const startsAt = overrides.startsAt ?? minutesFromNow(7 * 24 * 60);
  const now = new Date();
  return {
    id: randomUUID(),
    title: `Hearing ${shortId()}`,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 60 * MINUTE_MS),
    timezone: 'America/New_York',
    location: null,
    description: null,
    videoLink: `https://zoom.example.test/j/${randomBytes(5).readUIntBE(0, 5)}`,
    zoomMeetingId: null,
    sharedWithClients: true,
    status: 'scheduled',
    cancelledAt: null,
    sequence: 0,
    createdBy: randomUUID(),
    createdAt: now,
    updatedAt: now,
    staffIds: [],
    ...overrides,
  };
}

/** The change a create is. */
export const eventCreated = (after: CaseEventSnapshot): CaseEventChange => ({ kind: 'created', before: null, after });

/** The change an edit is: the event with `patch` applied, its sequence one up. */
export function eventUpdated(before: CaseEventSnapshot, patch: Partial<CaseEventSnapshot>): CaseEventChange {
  return {
    kind: 'updated',
    before,
    after: { ...before, sequence: before.sequence + 1, updatedAt: new Date(), ...patch },
  };
}

/** The change a cancellation is. */
export function eventCancelled(before: CaseEventSnapshot): CaseEventChange {
  const now = new Date();
  return {
    kind: 'cancelled',
    before,
    after: { ...before, status: 'cancelled', cancelledAt: now, sequence: before.sequence + 1, updatedAt: now },
  };
}

/** A reminder in the outbox, scheduled and due now; lease it with `leasedTo`. */
export function aDelivery(overrides: Partial<Delivery> & Pick<Delivery, 'firmId'>): Delivery {
  const now = new Date();
  const eventId = overrides.eventId ?? randomUUID();
  const clientId = overrides.clientId ?? randomUUID();
  const ruleId = overrides.ruleId ?? randomUUID();
  return {
    id: randomUUID(),
    kind: 'reminder',
    eventId,
    clientId,
    ruleId,
    channel: 'email',
    recipient: null,
    status: 'scheduled',
    dueAt: now,
    sentAt: null,
    attempts: 0,
    lastError: null,
    providerId: null,
    leaseOwner: null,
    leaseUntil: null,
    dedupeKey: `reminder:${eventId}:${clientId}:${ruleId}`,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** The claim fields of a row a worker holds, its lease ending in `minutes`. */
export const leasedTo = (owner: string, minutes = 1): Pick<Delivery, 'leaseOwner' | 'leaseUntil'> => ({
  leaseOwner: owner,
  leaseUntil: minutesFromNow(minutes),
});

/** A worker's claim name, unique per call. */
export const aClaimOwner = (): string => `test-worker-${shortId()}`;

/** A connected Zoom credential; the sealed tokens come from the test module's SecretBox. */
export function aZoomCredential(
  overrides: Partial<ZoomCredential> &
    Pick<ZoomCredential, 'userId' | 'firmId' | 'zoomUserId' | 'accountEmail' | 'refreshTokenSealed' | 'keyId'>,
): ZoomCredential {
  const now = new Date();
  return {
    id: randomUUID(),
    status: 'connected',
    accessTokenSealed: null,
    accessTokenExpiresAt: null,
    refreshLeaseId: null,
    refreshLeaseUntil: null,
    connectedAt: now,
    lastRefreshedAt: now,
    updatedAt: now,
    ...overrides,
  };
}
