// Build once, run many: the builds record what they were built from, and `npm start`, `npm run worker`
// and `npm run cli` check that record instead of compiling (two workers started together used to compile
// into the same dist/ at once). Plain JavaScript: it runs before anything is compiled.
//
//   node scripts/build-stamp.mjs build <server|web> <command...>   run the build, then record its inputs
//   node scripts/build-stamp.mjs check [server|web ...]            exit 1, saying why, if a build is missing or stale
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What each build reads, and where it writes its record (inside its own output, so a clean build drops it). */
const PARTS = {
  server: {
    stamp: 'dist/.build-inputs.json',
    inputs: [
      'src',
      'migrations',
      'bench',
      'test/emulators',
      'test/support',
      'ormconfig.ts',
      'tsconfig.json',
      'tsconfig.build.json',
      'package-lock.json',
    ],
    skip: (path) => /\.(e2e-)?spec\.ts$/.test(path),
  },
  web: {
    stamp: 'web/dist/.build-inputs.json',
    inputs: ['web', 'package-lock.json'],
    skip: (path) => path.startsWith(`web${sep}dist${sep}`) || path.startsWith(`web${sep}e2e${sep}`),
  },
};

function filesOf(part) {
  const files = [];
  for (const input of part.inputs) {
    const full = join(root, input);
    if (!existsSync(full)) continue;
    const paths = statSync(full).isDirectory()
      ? readdirSync(full, { recursive: true }).map((name) => join(input, String(name)))
      : [input];
    for (const path of paths) if (!part.skip(path) && statSync(join(root, path)).isFile()) files.push(path);
  }
  return files.sort();
}

/** path -> sha256 of its content: what the build was made from. */
function inputsOf(part) {
  return Object.fromEntries(
    filesOf(part).map((path) => [
      path.split(sep).join('/'),
      createHash('sha256')
        .update(readFileSync(join(root, path)))
        .digest('hex'),
    ]),
  );
}

function build(name, command) {
  const part = PARTS[name];
  if (!part || command.length === 0) usage();
  // Read before building: a file saved during the build counts as changed afterwards.
  const inputs = inputsOf(part);
  const result = spawnSync(command[0], command.slice(1), { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(join(root, part.stamp), `${JSON.stringify({ builtAt: new Date().toISOString(), inputs })}\n`);
}

/** Why this part's build cannot be used, or null. */
function problemOf(name) {
  const part = PARTS[name];
  const stampPath = join(root, part.stamp);
  if (!existsSync(stampPath)) return { missing: true, text: `no ${name} build (${part.stamp} is missing)` };
  const built = JSON.parse(readFileSync(stampPath, 'utf8')).inputs;
  const now = inputsOf(part);
  const changed = [];
  for (const [path, hash] of Object.entries(now)) {
    if (!(path in built)) changed.push(`${path} (new)`);
    else if (built[path] !== hash) changed.push(path);
  }
  for (const path of Object.keys(built)) if (!(path in now)) changed.push(`${path} (deleted)`);
  if (changed.length === 0) return null;
  const shown = changed.slice(0, 5).join(', ') + (changed.length > 5 ? ` and ${changed.length - 5} more` : '');
  return {
    missing: false,
    lock: changed.includes('package-lock.json'),
    text: `changed since the ${name} build: ${shown}`,
  };
}

function check(names) {
  if (names.some((name) => !PARTS[name])) usage();
  const problems = (names.length ? names : Object.keys(PARTS)).map(problemOf).filter(Boolean);
  if (problems.length === 0) return;
  const fix = problems.some((p) => p.lock) ? '`npm ci` (the dependencies changed; it builds too)' : '`npm run build`';
  const what = problems.every((p) => p.missing) ? 'Not built yet' : 'The build is out of date';
  process.stderr.write(`${what}: ${problems.map((p) => p.text).join('; ')}. Run ${fix}, then start again.\n`);
  process.exit(1);
}

function usage() {
  process.stderr.write(
    'Usage: node scripts/build-stamp.mjs build <server|web> <command...> | check [server|web ...]\n',
  );
  process.exit(2);
}

const [verb, ...rest] = process.argv.slice(2);
if (verb === 'build') build(rest[0], rest.slice(1));
else if (verb === 'check') check(rest);
else usage();
