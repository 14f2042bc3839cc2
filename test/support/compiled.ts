import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Compiles the app once per test run into a folder of its own (inside the repo, so node_modules
 * resolves), for tests that start real processes: the CLI, workers. Two runs side by side never
 * rewrite each other's files, and nothing touches dist/.
 */
export async function compiledApp(): Promise<string> {
  const root = resolve('.');
  const outDir = join(root, '.test-build', String(process.pid));
  const done = join(outDir, '.complete');
  if (!existsSync(done)) {
    await run(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
      { cwd: root },
    );
    writeFileSync(done, new Date().toISOString());
  }
  return outDir;
}
