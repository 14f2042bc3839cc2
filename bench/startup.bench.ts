import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freshDatabases, ms } from './bench-support.js';

/** From `node dist/src/main.js` (what `npm start` runs after building) to the first answered request, and RSS then. */
export async function startupBench(): Promise<void> {
  console.log('\n## Startup: process start to first answered /health, resident memory after start');
  for (const db of await freshDatabases()) {
    for (const round of ['first start (migrates)', 'second start']) {
      const port = 3900 + Math.floor(Math.random() * 90);
      const started = performance.now();
      const child = spawn(process.execPath, ['dist/src/main.js'], {
        env: { PATH: process.env.PATH ?? '', PORT: String(port), DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      });
      let elapsed = NaN;
      for (let i = 0; i < 600; i++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/health`);
          if (res.status === 200) {
            elapsed = performance.now() - started;
            break;
          }
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 500));
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      console.log(
        `${db.kind.padEnd(6)} ${round.padEnd(22)} first answer after ${ms(elapsed)}, RSS ${(Number(rss) / 1024).toFixed(1)} MiB`,
      );
    }
    await db.drop();
  }
}
