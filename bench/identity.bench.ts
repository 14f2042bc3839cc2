import { randomBytes } from 'node:crypto';
import { freshDatabases, ms, percentile, postJson, startApp } from './bench-support.js';

/** 200 sequential signups, then 200 sequential logins (one per account, distinct client addresses). */
export async function identityBench(n = 200): Promise<void> {
  console.log(`\n## Signup and login latency, ${n} sequential calls each (scrypt N=2^17 dominates)`);
  for (const db of await freshDatabases()) {
    const { app, url } = await startApp({ DATABASE_URL: db.url });
    const accounts: Array<{ email: string; password: string }> = [];
    const signup: number[] = [];
    for (let i = 0; i < n; i++) {
      const account = {
        email: `bench-${randomBytes(6).toString('hex')}@example.test`,
        password: `pw-${randomBytes(12).toString('hex')}`,
      };
      const t0 = performance.now();
      const res = await postJson(`${url}/api/v1/auth/signup`, { firmName: 'Bench LLP', name: 'B', ...account });
      signup.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`signup ${res.status}`);
      accounts.push(account);
    }
    const login: number[] = [];
    for (const [i, account] of accounts.entries()) {
      const t0 = performance.now();
      const res = await postJson(`${url}/api/v1/auth/login`, account, {
        'x-forwarded-for': `10.9.${i >> 8}.${i & 255}`,
      });
      login.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`login ${res.status}`);
    }
    console.log(
      `${db.kind.padEnd(6)} signup p50 ${ms(percentile(signup, 50))} p99 ${ms(percentile(signup, 99))} | login p50 ${ms(percentile(login, 50))} p99 ${ms(percentile(login, 99))}`,
    );
    await app.close();
    await db.drop();
  }
}
