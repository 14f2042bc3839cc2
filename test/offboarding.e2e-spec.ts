import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ZoomTokenService } from '../src/integrations/zoom/zoom-token.service.js';
import type { ZoomEmulator } from './emulators/zoom-emulator.js';
import { createStaffFeed, fetchFeed, parseWithIcalJs } from './factories/calendar-feed.factory.js';
import { createEvent, zoomLink, type EventBody } from './factories/case-events.factory.js';
import {
  addMember,
  createCase,
  login,
  randomIp,
  signupFirm,
  strongPassword,
  uniqueEmail,
  type StaffMember,
} from './factories/identity.factory.js';
import { inMinutes } from './factories/reminders.factory.js';
import { connectZoom, startZoom, zoomEnv } from './factories/zoom.factory.js';
import { fromAddress } from './support/client-address.js';
import { createTestApp, type TestApp } from './support/test-app.js';

async function waitFor(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Issue 11, item 1: DELETE /users/:id. */
describe('Offboarding (e2e, against the Zoom emulator)', () => {
  let zoom: ZoomEmulator;
  let t: TestApp;

  beforeAll(async () => {
    const started = await startZoom();
    zoom = started.zoom;
    t = await createTestApp({ env: zoomEnv(zoom, started.clientSecret) });
  });

  beforeEach(() => zoom.reset());

  afterAll(async () => {
    await t.close();
    await zoom.stop();
  });

  const auth = (s: StaffMember | string) => ({ Authorization: `Bearer ${typeof s === 'string' ? s : s.token}` });
  const remove = (actor: StaffMember, id: string) => t.http().delete(`/api/v1/users/${id}`).set(auth(actor));
  const meStatus = (token: string) =>
    t
      .http()
      .get('/api/v1/me')
      .set(auth(token))
      .then((r) => r.status);
  const event = (s: StaffMember, id: string) =>
    t
      .http()
      .get(`/api/v1/events/${id}`)
      .set(auth(s))
      .then((r) => r.body as EventBody);
  const credentialRows = (userId: string) =>
    t.dataSource.query('SELECT status, refreshTokenSealed, accessTokenSealed FROM zoom_credentials WHERE userId = ?', [
      userId,
    ]) as Promise<Array<Record<string, unknown>>>;
  const revokesAtZoom = () => zoom.requestLog.filter((r) => r.route === 'revoke').length;
  // Connect needs team_settings.
  const connectedMember = async (owner: StaffMember) => {
    const member = await addMember(t, owner, ['team_settings']);
    await connectZoom(t, member, zoom, uniqueEmail('host'));
    return member;
  };

  it('ends everything of the member at once and keeps their record as a former member', async () => {
    const owner = await signupFirm(t);
    const member = await connectedMember(owner);
    const secondSession = await login(t, member.email, member.password);
    const caseId = (await createCase(t, owner, [], [member.user.id])).id;
    const upcoming = await createEvent(t, member, caseId, {
      startsAt: inMinutes(60),
      endsAt: inMinutes(120),
      staffIds: [member.user.id, owner.user.id],
      ...zoomLink(),
    });
    const past = await createEvent(t, owner, caseId, {
      startsAt: inMinutes(-120),
      endsAt: inMinutes(-60),
      staffIds: [member.user.id],
    });
    const ownFeed = await createStaffFeed(t, member);
    const caseFeed = await createStaffFeed(t, member, { scope: 'case', caseId });
    const ownerFeed = await createStaffFeed(t, owner, { scope: 'case', caseId });
    const sequenceInFeed = async () =>
      parseWithIcalJs((await fetchFeed(t, ownerFeed.url)).body as string).events.find(
        (e) => e.summary === upcoming.title,
      )!.sequence;
    const sequenceBefore = await sequenceInFeed();
    const liveBefore = zoom.liveRefreshTokens().length;

    const res = await remove(owner, member.user.id);
    expect(res.status).toBe(204);

    // Sessions, sign-in, feeds.
    await expect(meStatus(member.token)).resolves.toBe(401);
    await expect(meStatus(secondSession)).resolves.toBe(401);
    const signIn = await t
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', randomIp())
      .send({ email: member.email, password: member.password });
    expect(signIn.status).toBe(401);
    expect(signIn.body.code).toBe('invalid_credentials');
    for (const feed of [ownFeed, caseFeed])
      await expect(fetchFeed(t, feed.url).then((r) => r.status)).resolves.toBe(404);
    await expect(fetchFeed(t, ownerFeed.url).then((r) => r.status)).resolves.toBe(200);

    // Zoom: revoked at Zoom, then deleted.
    expect(revokesAtZoom()).toBe(1);
    expect(zoom.counts.revokes).toBe(1);
    expect(zoom.liveRefreshTokens().length).toBe(liveBefore - 1);
    await expect(credentialRows(member.user.id)).resolves.toEqual([]);

    // Upcoming events lose them (a change the feed shows); past ones and what they created keep naming them; links stay.
    const upcomingAfter = await event(owner, upcoming.id);
    expect(upcomingAfter.staffIds).toEqual([owner.user.id]);
    expect(upcomingAfter).toMatchObject({
      createdBy: member.user.id,
      videoLink: upcoming.videoLink,
      zoomMeetingId: upcoming.zoomMeetingId,
      status: 'scheduled',
    });
    expect(Date.parse(upcomingAfter.updatedAt)).toBeGreaterThan(Date.parse(upcoming.updatedAt));
    await expect(sequenceInFeed()).resolves.toBe(sequenceBefore + 1);
    await expect(event(owner, past.id)).resolves.toMatchObject({
      staffIds: [member.user.id],
      updatedAt: past.updatedAt,
    });

    // The team: gone from the members, listed among the former ones.
    const current = await t.http().get('/api/v1/users').set(auth(owner));
    expect(current.body.items.map((u: { id: string }) => u.id)).toEqual([owner.user.id]);
    const former = await t.http().get('/api/v1/users?removed=true').set(auth(owner));
    expect(former.body).toEqual({
      items: [
        { id: member.user.id, firmId: owner.user.firmId, name: member.user.name, email: member.email, permissions: [] },
      ],
      nextCursor: null,
    });

    // Never again on a case or an event; a repeated DELETE and a PATCH are 404.
    const newCase = await t
      .http()
      .post('/api/v1/cases')
      .set(auth(owner))
      .send({ title: 'New matter', clientIds: [], staffIds: [member.user.id] });
    expect(newCase.status).toBe(400);
    expect(newCase.body.errors).toEqual([
      expect.objectContaining({ field: 'staffIds', message: expect.stringContaining('not a member of your firm') }),
    ]);
    const backOn = await t
      .http()
      .patch(`/api/v1/events/${upcoming.id}`)
      .set(auth(owner))
      .send({ staffIds: [owner.user.id, member.user.id] });
    expect(backOn.status).toBe(400);
    const newEvent = await t
      .http()
      .post(`/api/v1/cases/${caseId}/events`)
      .set(auth(owner))
      .send({ title: 'Call', startsAt: inMinutes(300), timezone: 'UTC', staffIds: [member.user.id] });
    expect(newEvent.status).toBe(400);
    await expect(remove(owner, member.user.id).then((r) => [r.status, r.body.code])).resolves.toEqual([
      404,
      'not_found',
    ]);
    await expect(
      t
        .http()
        .patch(`/api/v1/users/${member.user.id}`)
        .set(auth(owner))
        .send({ name: 'Back' })
        .then((r) => r.status),
    ).resolves.toBe(404);
  });

  it('frees the email: it can be added to a team again, or sign up a new firm', async () => {
    const owner = await signupFirm(t);
    const member = await addMember(t, owner);
    await expect(remove(owner, member.user.id).then((r) => r.status)).resolves.toBe(204);
    const password = strongPassword();
    t.secrets.add(password);
    const again = await t
      .http()
      .post('/api/v1/users')
      .set(auth(owner))
      .send({ name: 'Max Again', email: member.email, password, permissions: [] });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(member.user.id);
    await expect(login(t, member.email, password)).resolves.toMatch(/^mlls_/);

    const other = await addMember(t, owner);
    await expect(remove(owner, other.user.id).then((r) => r.status)).resolves.toBe(204);
    const signup = await t
      .http()
      .post('/api/v1/auth/signup')
      .agent(fromAddress())
      .send({ firmName: 'Fresh Start LLP', name: 'Max Member', email: other.email, password });
    expect(signup.status).toBe(201);
    t.secrets.add(signup.body.accessToken);
    const former = await t.http().get('/api/v1/users?removed=true').set(auth(owner));
    expect(former.body.items.map((u: { email: string }) => u.email)).toEqual([member.email, other.email]);
  });

  it('makes the Zoom credential unusable before the revoke, and deletes it even when Zoom cannot be reached', async () => {
    const owner = await signupFirm(t);
    const member = await connectedMember(owner);
    const tokens = t.app.get(ZoomTokenService);
    // Cached in this process by the connect flow.
    await expect(tokens.accessToken(member.user.id)).resolves.toEqual(expect.any(String));
    zoom.setDelay('revoke', 1_000);
    // Sent now (supertest sends on then), answered once Zoom lets the revoke go.
    const answer = remove(owner, member.user.id).then((r) => r);
    await waitFor('Zoom to hold the revoke', () => zoom.heldRequests === 1);
    // Committed: the member is gone, the sealed refresh token is kept only for the revoke, nothing serves a token.
    await expect(credentialRows(member.user.id)).resolves.toEqual([
      { status: 'revoking', refreshTokenSealed: expect.any(String), accessTokenSealed: null },
    ]);
    await expect(tokens.accessToken(member.user.id)).rejects.toMatchObject({ code: 'zoom_reconnect_needed' });
    await expect(tokens.refreshNow(member.user.id)).rejects.toMatchObject({ code: 'zoom_reconnect_needed' });
    expect(zoom.tokenRequestsOf('refresh_token')).toHaveLength(0);
    await expect(answer.then((r) => r.status)).resolves.toBe(204);
    expect(zoom.counts.revokes).toBe(1);
    await expect(credentialRows(member.user.id)).resolves.toEqual([]);

    const unreachable = await connectedMember(owner);
    const revokesBefore = zoom.counts.revokes;
    await zoom.stop();
    try {
      await expect(remove(owner, unreachable.user.id).then((r) => r.status)).resolves.toBe(204);
      await expect(credentialRows(unreachable.user.id)).resolves.toEqual([]);
      await expect(meStatus(unreachable.token)).resolves.toBe(401);
    } finally {
      await zoom.start();
    }
    // Zoom never heard of it: nothing revoked there, and nothing kept here.
    expect(zoom.counts.revokes).toBe(revokesBefore);
  });

  it('never removes the last team_settings member; removing yourself is allowed otherwise', async () => {
    const owner = await signupFirm(t);
    const plain = await addMember(t, owner);
    const alone = await remove(owner, owner.user.id);
    expect(alone.status).toBe(409);
    expect(alone.body).toMatchObject({ statusCode: 409, code: 'last_team_admin' });
    await expect(meStatus(owner.token)).resolves.toBe(200);
    const forbidden = await remove(plain, owner.user.id);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('team_settings_required');

    const admin = await addMember(t, owner, ['team_settings']);
    await expect(remove(owner, owner.user.id).then((r) => r.status)).resolves.toBe(204);
    await expect(meStatus(owner.token)).resolves.toBe(401);
    await expect(remove(admin, admin.user.id).then((r) => r.body.code)).resolves.toBe('last_team_admin');
  });

  it('keeps one admin when two admins remove each other at the same moment', async () => {
    const owner = await signupFirm(t);
    for (let round = 0; round < 8; round++) {
      const a = await addMember(t, owner, ['team_settings']);
      const b = await addMember(t, owner, ['team_settings']);
      await expect(
        t
          .http()
          .patch(`/api/v1/users/${owner.user.id}`)
          .set(auth(owner))
          .send({ permissions: [] })
          .then((r) => r.status),
      ).resolves.toBe(200);
      const [ab, ba] = await Promise.all([remove(a, b.user.id), remove(b, a.user.id)]);
      expect([ab.status, ba.status].filter((s) => s === 204)).toHaveLength(1);
      // The loser is either already signed out (removed first) or refused as the last admin.
      expect([401, 409]).toContain(ab.status === 204 ? ba.status : ab.status);
      const survivor = ab.status === 204 ? a : b;
      const members = (await t.http().get('/api/v1/users').set(auth(survivor))).body.items as Array<{
        id: string;
        permissions: string[];
      }>;
      expect(members.map((m) => m.id)).toEqual([owner.user.id, survivor.user.id]);
      expect(members.filter((m) => m.permissions.includes('team_settings')).map((m) => m.id)).toEqual([
        survivor.user.id,
      ]);
      await expect(
        t
          .http()
          .patch(`/api/v1/users/${owner.user.id}`)
          .set(auth(survivor))
          .send({ permissions: ['team_settings'] })
          .then((r) => r.status),
      ).resolves.toBe(200);
      await expect(remove(owner, survivor.user.id).then((r) => r.status)).resolves.toBe(204);
    }
  });
});
