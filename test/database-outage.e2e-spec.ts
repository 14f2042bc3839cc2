import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { DeliveryWorker } from '../src/reminders/delivery-worker.service.js';
import { SmsEmulator } from './emulators/sms-emulator.js';
import type { ZoomEmulator } from './emulators/zoom-emulator.js';
import { eventInput, type EventBody } from './factories/case-events.factory.js';
import { createCase, createClient, signupFirm, uniqueEmail, type StaffMember } from './factories/identity.factory.js';
import { createTemplate } from './factories/messaging.factory.js';
import { createContactClient, createRule, deliveriesOf, inMinutes, waitFor } from './factories/reminders.factory.js';
import { beginConnect, connectZoom, startZoom, zoomEnv } from './factories/zoom.factory.js';
import { TcpCut } from './support/tcp-cut.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { isMysqlRun, testDatabaseUrl } from './support/test-database.js';

/**
 * The database going away (MySQL restarting, the network to it cut; on SQLite another process
 * holding the writer lock past the busy timeout) is a 503 the client can retry, never a 500, and
 * nothing is half-written; when it comes back the app carries on without a restart of its own.
 */
describe('Database outage (e2e)', () => {
  let t: TestApp;
  let staff: StaffMember;
  let caseId: string;
  let cut: TcpCut | null = null;
  let zoom: ZoomEmulator;
  const sms = new SmsEmulator();
  const auth = () => ({ Authorization: `Bearer ${staff.token}` });
  const createEvent = (title: string) =>
    t.http().post(`/api/v1/cases/${caseId}/events`).set(auth()).send(eventInput({ title }));
  const timelineTitles = async () => {
    const res = await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth());
    expect(res.status).toBe(200);
    return (res.body.items as EventBody[]).map((e) => e.title).sort();
  };
  const expectUnavailable = (res: Response) => {
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(Object.keys(res.body).sort()).toEqual(['code', 'correlationId', 'message', 'statusCode']);
    expect(res.body).toMatchObject({
      statusCode: 503,
      code: 'database_unavailable',
      message: expect.stringMatching(/database.*Try again/),
    });
  };

  beforeAll(async () => {
    let databaseUrl = testDatabaseUrl();
    if (isMysqlRun()) {
      // The app reaches MySQL through a relay the test can cut.
      ({ relay: cut, url: databaseUrl } = await TcpCut.inFront(databaseUrl));
    }
    const started = await startZoom();
    zoom = started.zoom;
    await sms.start();
    t = await createTestApp({ databaseUrl, env: { ...zoomEnv(zoom, started.clientSecret), ...sms.env() } });
    staff = await signupFirm(t);
    await connectZoom(t, staff, zoom, uniqueEmail('host'));
    const client = await createClient(t, staff);
    caseId = (await createCase(t, staff, [client.id], [staff.user.id])).id;
    expect((await createEvent('Before the outage')).status).toBe(201);
  });

  afterAll(async () => {
    await cut?.restore().catch(() => undefined);
    await t.close();
    await cut?.cut();
    await zoom.stop();
    await sms.stop();
  });

  if (isMysqlRun()) {
    it('answers 503 with Retry-After while MySQL is unreachable, and carries on when it is back', async () => {
      await cut!.cut();
      expectUnavailable(await createEvent('During the outage'));
      expectUnavailable(await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth()));
      expectUnavailable(await t.http().get('/api/v1/me').set(auth()));
      expectUnavailable(await t.http().get('/health'));
      expect(t.logs.text).toContain('Request failed');

      await cut!.restore();
      expect((await createEvent('After the outage')).status).toBe(201);
      await expect(timelineTitles()).resolves.toEqual(['After the outage', 'Before the outage']);
      await expect(t.http().get('/health')).resolves.toMatchObject({ status: 200 });
    });

    /**
     * Sends the request, cuts the database while Zoom holds its call on `route` for a second, and
     * brings the database back half a second after Zoom has answered.
     */
    const cutWhileZoomWorks = async (
      send: () => Promise<Response>,
      route: 'meetings' | 'token' = 'meetings',
    ): Promise<Response> => {
      zoom.setDelay(route, 1_000);
      const answer = send();
      await waitFor(`Zoom to be working on ${route}`, () => zoom.heldRequests === 1, 10_000, 10);
      await cut!.cut();
      await waitFor(`Zoom to answer ${route}`, () => zoom.heldRequests === 0, 10_000, 10);
      zoom.setDelay(route, 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await cut!.restore();
      return answer;
    };
    const addMeeting = (eventId: string) => t.http().post(`/api/v1/events/${eventId}/zoom-meeting`).set(auth());

    it('keeps a refresh token Zoom rotated while MySQL was away, so the connection survives the outage', async () => {
      zoom.reset();
      const first = (await createEvent('Refresh across an outage')).body as EventBody;
      const second = (await createEvent('After the refresh')).body as EventBody;
      // Zoom refuses the access token the app holds (124): the app refreshes, and Zoom answers that while the database is away.
      zoom.expireAccessTokens();
      const res = await cutWhileZoomWorks(() => addMeeting(first.id).then((r) => r), 'token');
      expect(res.status).toBe(201);
      expect(zoom.counts.refreshes).toBe(1);
      // Only the rotated refresh token is alive at Zoom: the next refresh works only if it was saved.
      zoom.expireAccessTokens();
      const next = await addMeeting(second.id);
      expect(next.status).toBe(201);
      expect(zoom.counts.refreshes).toBe(2);
      await expect(t.http().get('/api/v1/integrations/zoom').set(auth())).resolves.toMatchObject({
        status: 200,
        body: { status: 'connected' },
      });
    });

    it('finishes connecting Zoom when Zoom issued the grant while MySQL was away; sends the browser back with an error, not a 503, when it cannot', async () => {
      zoom.reset();
      const owner = await signupFirm(t);
      const ownerAuth = { Authorization: `Bearer ${owner.token}` };
      const zoomEmail = uniqueEmail('outage-host');
      zoom.addUser({ email: zoomEmail });
      zoom.setSignedInUser(zoomEmail);
      const returnTo = (callback: URL, cookie = '') =>
        t
          .http()
          .get(`${callback.pathname}${callback.search}`)
          .set('Cookie', cookie)
          .then((r) => r);

      // The database is away for the whole return: the browser still lands on the integrations page.
      const lost = await beginConnect(t, owner);
      await cut!.cut();
      const refused = await returnTo(lost.callback, lost.cookie);
      await cut!.restore();
      expect(refused.status).toBe(302);
      expect(refused.headers.location).toMatch(
        /\/account\/settings\/firm\/integrations\?zoom=error&reason=exchange_failed$/,
      );

      // Zoom answers the code exchange while the database is away: the grant is stored once it is back.
      const { callback, cookie } = await beginConnect(t, owner);
      const res = await cutWhileZoomWorks(() => returnTo(callback, cookie), 'token');
      expect(res.status).toBe(302);
      console.log(t.logs.lines.filter((l) => l.includes('authorization could not')).join('\n'));
      expect(res.headers.location).toMatch(/\?zoom=connected$/);
      await expect(t.http().get('/api/v1/integrations/zoom').set(ownerAuth)).resolves.toMatchObject({
        body: { status: 'connected', accountEmail: zoomEmail },
      });
    });

    it('keeps a meeting Zoom created while MySQL was away: it is linked to the event once the database is back', async () => {
      zoom.reset();
      const event = (await createEvent('Meeting across an outage')).body as EventBody;
      const res = await cutWhileZoomWorks(() => addMeeting(event.id).then((r) => r));
      expect(res.status).toBe(201);
      expect(zoom.meetings).toHaveLength(1);
      expect(res.body.videoLink).toBe(zoom.meetings[0]!.response.join_url);
      const again = await addMeeting(event.id);
      expect(again.status).toBe(200);
      expect(again.body.videoLink).toBe(res.body.videoLink);
      expect(zoom.meetings).toHaveLength(1);
    });

    it('remembers a form meeting Zoom created while MySQL was away: a repeat of its Idempotency-Key answers the same meeting', async () => {
      const form = {
        title: 'Form meeting across an outage',
        startsAt: '2026-12-01T15:00:00-05:00',
        timezone: 'America/New_York',
      };
      zoom.reset();
      const send = () =>
        t.http().post('/api/v1/integrations/zoom/meetings').set(auth()).set('Idempotency-Key', 'outage-1').send(form);
      const res = await cutWhileZoomWorks(() => send().then((r) => r));
      expect(res.status).toBe(201);
      const repeat = await send();
      expect(repeat.body).toEqual(res.body);
      expect(zoom.meetings).toHaveLength(1);
      expect(res.body.joinUrl).toBe(zoom.meetings[0]!.response.join_url);
    });

    it('records reminders that went out while MySQL was away as sent, once each, when it is back', async () => {
      const worker = t.app.get(DeliveryWorker);
      // On MySQL every spec file shares one database: send what earlier files left due first.
      await worker.runOnce();
      const template = await createTemplate(t, staff, 'sms');
      await createRule(t, staff, template.id, 60);
      const clients = await Promise.all([1, 2, 3].map(() => createContactClient(t, staff)));
      const legalCase = await createCase(
        t,
        staff,
        clients.map((c) => c.id),
      );
      const shared = await t
        .http()
        .post(`/api/v1/cases/${legalCase.id}/events`)
        .set(auth())
        .send(eventInput({ startsAt: inMinutes(30), endsAt: inMinutes(90), sharedWithClients: true }));
      expect(shared.status).toBe(201);

      sms.reset();
      sms.setDelay(1_000);
      const run = worker.runOnce();
      await waitFor('the three messages to go out', () => sms.messages.length === 3, 10_000, 10);
      // The provider answers while the database is away.
      await cut!.cut();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await cut!.restore();
      await run;

      const rows = await deliveriesOf(t, staff, (shared.body as EventBody).id);
      expect(rows.map((d) => [d.status, d.attempts])).toEqual([
        ['sent', 1],
        ['sent', 1],
        ['sent', 1],
      ]);
      expect(sms.messages.map((m) => m.to).sort()).toEqual(clients.map((c) => c.phone).sort());
    });
  } else {
    it('answers 503 with Retry-After when another process holds the SQLite writer lock past the busy timeout', async () => {
      // A second connection to the same file stands in for the other process.
      const other = await new DataSource(dataSourceOptions(t.databaseUrl)).initialize();
      try {
        await other.query('BEGIN IMMEDIATE');
        expectUnavailable(await createEvent('During the lock'));
        // Readers are not blocked by a writer (WAL).
        await expect(timelineTitles()).resolves.toEqual(['Before the outage']);
        await other.query('ROLLBACK');
      } finally {
        await other.destroy();
      }
      expect((await createEvent('After the outage')).status).toBe(201);
      await expect(timelineTitles()).resolves.toEqual(['After the outage', 'Before the outage']);
    }, 30_000);
  }
});
