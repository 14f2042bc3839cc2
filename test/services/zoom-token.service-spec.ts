import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Repository } from 'typeorm';
import { Clock } from '../../src/common/clock.js';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { Firm } from '../../src/identity/entities/firm.entity.js';
import { StaffUser } from '../../src/identity/entities/staff-user.entity.js';
import { ZoomApiClient } from '../../src/integrations/zoom/zoom-api.client.js';
import { ZoomConnectionEvents, type ReconnectNeeded } from '../../src/integrations/zoom/zoom-connection.events.js';
import { accessTokenAad, refreshTokenAad } from '../../src/integrations/zoom/zoom-credential.seal.js';
import { ZoomCredential } from '../../src/integrations/zoom/zoom-credential.entity.js';
import { ZoomTokenService } from '../../src/integrations/zoom/zoom-token.service.js';
import { ZoomErrorCode } from '../../src/integrations/zoom/zoom.errors.js';
import { ZoomModule } from '../../src/integrations/zoom/zoom.module.js';
import type { ZoomEmulator } from '../emulators/zoom-emulator.js';
import { aFirm, aStaffUser, aZoomCredential } from '../factories/builders.js';
import { uniqueEmail } from '../factories/identity.factory.js';
import { startZoom, zoomEnv, zoomGrant, type ZoomGrantTokens } from '../factories/zoom.factory.js';
import { MovableClock } from '../support/movable-clock.js';
import { createServiceModule, type ServiceModule } from '../support/service-module.js';

/** Refreshed this long before Zoom's expiry (ZoomTokenService's margin). */
const EARLY_REFRESH_MS = 5 * 60_000;

interface Connection {
  userId: string;
  ownerEmail: string;
  zoomEmail: string;
  grant: ZoomGrantTokens;
}

/**
 * The token refresh on the test database against the Zoom emulator, without HTTP: the Zoom module
 * alone (with what it imports), a connection stored as a finished Connect leaves it, and the
 * production OAuth client refreshing at the emulator.
 */
describe('ZoomTokenService (service spec, against the Zoom emulator)', () => {
  const clock = new MovableClock();
  let zoom: ZoomEmulator;
  let clientSecret: string;
  let s: ServiceModule;
  let tokens: ZoomTokenService;
  let credentials: Repository<ZoomCredential>;

  const boot = (databaseUrl?: string) =>
    createServiceModule({
      imports: [ZoomModule],
      env: zoomEnv(zoom, clientSecret),
      databaseUrl,
      customize: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });

  beforeAll(async () => {
    ({ zoom, clientSecret } = await startZoom());
    s = await boot();
    tokens = s.get(ZoomTokenService);
    credentials = s.dataSource.getRepository(ZoomCredential);
  });

  beforeEach(() => {
    clock.offsetMs = 0;
    zoom.reset();
  });

  afterAll(async () => {
    for (const token of zoom.allIssuedTokens()) s.secrets.add(token);
    await s.close();
    await zoom.stop();
  });

  /** A staff member whose Zoom connection is stored with a fresh grant (its access token good for an hour). */
  async function connected(): Promise<Connection> {
    const firm = aFirm();
    const owner = aStaffUser({ firmId: firm.id });
    await s.dataSource.getRepository(Firm).insert(firm);
    await s.dataSource.getRepository(StaffUser).insert(owner);
    const zoomEmail = uniqueEmail('host');
    const grant = await zoomGrant(zoom, clientSecret, zoomEmail);
    const box = s.get(SecretBox);
    const refresh = box.seal(grant.refreshToken, refreshTokenAad(owner.id));
    await credentials.insert(
      aZoomCredential({
        userId: owner.id,
        firmId: firm.id,
        zoomUserId: grant.zoomUserId,
        accountEmail: zoomEmail,
        refreshTokenSealed: refresh.sealed,
        keyId: refresh.keyId,
        accessTokenSealed: box.seal(grant.accessToken, accessTokenAad(owner.id)).sealed,
        accessTokenExpiresAt: new Date(clock.now().getTime() + grant.expiresInSeconds * 1000),
      }),
    );
    zoom.reset();
    return { userId: owner.id, ownerEmail: owner.email!, zoomEmail, grant };
  }

  /** The refresh token stored for the user now, in the clear. */
  const storedRefreshToken = async (userId: string): Promise<string> => {
    const row = await credentials.findOneByOrFail({ userId });
    return s.get(SecretBox).open(row.refreshTokenSealed!, refreshTokenAad(userId));
  };

  it('answers the stored access token while it is fresh, and refreshes once it is about to expire', async () => {
    const { userId, grant } = await connected();
    await expect(tokens.accessToken(userId)).resolves.toBe(grant.accessToken);
    expect(zoom.counts.refreshes).toBe(0);

    clock.offsetMs = grant.expiresInSeconds * 1000 - EARLY_REFRESH_MS + 1000;
    const refreshedFrom = clock.now();
    const fresh = await tokens.accessToken(userId);
    expect(fresh).not.toBe(grant.accessToken);
    expect(zoom.counts.refreshes).toBe(1);
    // Zoom rotated the refresh token: the new one is stored (sealed), the old one is dead.
    const rotated = await storedRefreshToken(userId);
    expect(rotated).not.toBe(grant.refreshToken);
    expect(zoom.liveRefreshTokens()).toContain(rotated);
    expect(zoom.liveRefreshTokens()).not.toContain(grant.refreshToken);
    const row = await credentials.findOneByOrFail({ userId });
    expect(row).toMatchObject({ status: 'connected', refreshLeaseId: null, refreshLeaseUntil: null });
    expect(row.lastRefreshedAt.getTime()).toBeGreaterThanOrEqual(refreshedFrom.getTime());
    expect(row.accessTokenExpiresAt!.getTime()).toBeGreaterThan(clock.now().getTime() + EARLY_REFRESH_MS);
    // The new token works at Zoom, and is answered again without another refresh.
    await expect(s.get(ZoomApiClient).getMe(fresh)).resolves.toMatchObject({ email: expect.any(String) });
    await expect(tokens.accessToken(userId)).resolves.toBe(fresh);
    expect(zoom.counts.refreshes).toBe(1);
  });

  it('refreshes once and retries once when Zoom refuses a token that looked fresh (code 124)', async () => {
    const { userId, zoomEmail, grant } = await connected();
    zoom.expireAccessTokens(zoomEmail);
    const used: string[] = [];
    const me = await tokens.withAccessToken(userId, (token) => {
      used.push(token);
      return s.get(ZoomApiClient).getMe(token);
    });
    expect(me.email.toLowerCase()).toBe(zoomEmail.toLowerCase());
    expect(used).toHaveLength(2);
    expect(used[0]).toBe(grant.accessToken);
    expect(used[1]).not.toBe(grant.accessToken);
    expect(zoom.counts.refreshes).toBe(1);
  });

  // Across instances the lease makes it single-flight too: test/zoom-token-refresh.e2e-spec.ts races two apps.
  it('refreshes once for concurrent callers, who all get its token', async () => {
    const { userId, grant } = await connected();
    clock.offsetMs = grant.expiresInSeconds * 1000;
    // Zoom answers slowly, so every caller arrives while the refresh is still out.
    zoom.setDelay('token', 300);
    const answers = await Promise.all(Array.from({ length: 8 }, () => tokens.accessToken(userId)));
    expect(zoom.tokenRequestsOf('refresh_token')).toHaveLength(1);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).not.toBe(grant.accessToken);
    expect(zoom.liveRefreshTokens()).toContain(await storedRefreshToken(userId));
    // Callers after it take its token from memory.
    await expect(tokens.accessToken(userId)).resolves.toBe(answers[0]);
    expect(zoom.tokenRequests).toBe(1);
  });

  it('turns the connection reconnect_needed when Zoom refuses the refresh token: email kept, tokens dropped, listeners told once', async () => {
    const { userId, ownerEmail, zoomEmail, grant } = await connected();
    const told: ReconnectNeeded[] = [];
    s.get(ZoomConnectionEvents).onReconnectNeeded(async (event) => {
      if (event.userId === userId) told.push(event);
    });
    // The user removed the app at Zoom; the stored access token then runs out.
    zoom.revokeGrantSilently(zoomEmail);
    clock.offsetMs = grant.expiresInSeconds * 1000;

    await expect(tokens.accessToken(userId)).rejects.toMatchObject({ code: ZoomErrorCode.RECONNECT_NEEDED });
    const row = await credentials.findOneByOrFail({ userId });
    expect(row).toMatchObject({
      status: 'reconnect_needed',
      accountEmail: zoomEmail,
      refreshTokenSealed: null,
      keyId: null,
      accessTokenSealed: null,
      accessTokenExpiresAt: null,
      refreshLeaseId: null,
    });
    expect(told).toEqual([
      expect.objectContaining({ credentialId: row.id, userId, firmId: row.firmId, owner: { email: ownerEmail } }),
    ]);
    // A dead connection is refused at once: Zoom is not asked again, and nobody is told twice.
    await expect(tokens.accessToken(userId)).rejects.toMatchObject({ code: ZoomErrorCode.RECONNECT_NEEDED });
    expect(zoom.tokenRequestsOf('refresh_token')).toHaveLength(1);
    expect(told).toHaveLength(1);
  });

  it('answers zoom_not_connected for a staff member without a connection, asking Zoom nothing', async () => {
    const firm = aFirm();
    const member = aStaffUser({ firmId: firm.id });
    await s.dataSource.getRepository(StaffUser).insert(member);
    await expect(tokens.accessToken(member.id)).rejects.toMatchObject({ code: ZoomErrorCode.NOT_CONNECTED });
    expect(zoom.tokenRequests).toBe(0);
  });
});
