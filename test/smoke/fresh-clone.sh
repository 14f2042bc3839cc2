#!/usr/bin/env bash
# The two-command promise: a clean clone, `npm ci` (which builds, with no npm warning), then `npm start` with no
# environment variables at all says where it listens in one line, answers /health with 200 and /api/v1/me with 401,
# serves the pages, with a key of its own beside the database, and compiles nothing. Also: two workers started
# together compile nothing either; a build older than the sources is refused by name; production without
# ENCRYPTION_KEY refuses to boot.
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
port=3000
cleanup() { [ -n "${pid:-}" ] && kill -- "-$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

git clone -q "$repo" "$work/app"
cd "$work/app"
npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1 || { tail -30 "$work/npm-ci.log"; exit 1; }
# On the Node the README names: no EBADENGINE, no install script left unreviewed, no warning at all.
if grep -i "warn" "$work/npm-ci.log"; then echo "npm ci warned (above)"; exit 1; fi
echo "npm ci: no warnings"
# npm ci built the server and the web app (the prepare script); from here on nothing compiles.
[ -f dist/src/main.js ] && [ -f web/dist/index.html ] || { echo "npm ci did not build dist/ and web/dist/"; exit 1; }
built() { find dist web/dist -type f -newer "$work/stamp" | head -5; }
touch "$work/stamp"

if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is taken; cannot run the smoke test"; exit 1; fi
set -m
env -i PATH="$PATH" npm start >"$work/start.log" 2>&1 &
pid=$!
set +m
code=""
for _ in $(seq 1 120); do
  code=$(node -e "fetch('http://127.0.0.1:$port/health').then(r=>console.log(r.status)).catch(()=>console.log(''))")
  [ "$code" = "200" ] && break
  sleep 1
done
me=$(node -e "fetch('http://127.0.0.1:$port/api/v1/me').then(r=>console.log(r.status)).catch(()=>console.log(''))")
echo "health: $code, /api/v1/me: $me"
if [ "$code" != "200" ] || [ "$me" != "401" ]; then tail -40 "$work/start.log"; exit 1; fi
# One line says where it is, on which database, and that the migrations ran.
grep -q '"msg":"Ready at http://localhost:3000 on SQLite data/app.sqlite (its encryption key: data/app.sqlite.key); migrations: [0-9]* applied ([0-9]* on this start)"' "$work/start.log" ||
  { echo "no start-up line naming the URL, the database and the migrations:"; cat "$work/start.log"; exit 1; }
if grep -q '"RouterExplorer"\|successfully started' "$work/start.log"; then echo "start-up chatter at info:"; cat "$work/start.log"; exit 1; fi
[ -f data/app.sqlite ] || { echo "the default SQLite file was not created"; exit 1; }
# npm start built the web app too: the first page answers, and its script is served, cached for good.
page=$(node -e "fetch('http://localhost:$port/login',{headers:{accept:'text/html'}}).then(async r=>{const t=await r.text();console.log(r.status, (t.match(/\/assets\/[^\"]+\.js/)||[''])[0])}).catch(()=>console.log(''))")
echo "page /login: $page"
case "$page" in "200 /assets/"*) ;; *) echo "the web app was not built or not served"; tail -20 "$work/start.log"; exit 1;; esac
asset=$(node -e "fetch('http://localhost:$port${page#200 }').then(r=>console.log(r.status, r.headers.get('cache-control'))).catch(()=>console.log(''))")
echo "asset: $asset"
case "$asset" in "200 "*immutable*) ;; *) echo "the page's script is not served with an immutable cache"; exit 1;; esac
# No ENCRYPTION_KEY: this installation made its own, beside the database, for its owner only.
[ "$(stat -c %a data/app.sqlite.key 2>/dev/null)" = "600" ] || { echo "the embedded mode's own key (data/app.sqlite.key, mode 600) was not made"; exit 1; }
kill -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""
[ -z "$(built)" ] || { echo "npm start compiled: $(built)"; exit 1; }
echo "npm start: one start-up line, nothing compiled"

# Two workers started together: both run, neither compiles.
env -i PATH="$PATH" npm run worker -- --once >"$work/worker1.log" 2>&1 & w1=$!
env -i PATH="$PATH" npm run worker -- --once >"$work/worker2.log" 2>&1 & w2=$!
wait $w1 || { cat "$work/worker1.log"; exit 1; }
wait $w2 || { cat "$work/worker2.log"; exit 1; }
[ -z "$(built)" ] || { echo "npm run worker compiled: $(built)"; exit 1; }
echo "two workers at once: both ran, nothing compiled"

# After a pull that changes the sources, the old build is refused by name rather than run.
echo "// changed after the build" >>src/main.ts
set +e
stale=$(env -i PATH="$PATH" npm start 2>&1)
status=$?
set -e
git checkout -q src/main.ts
if [ $status -eq 0 ] || ! grep -q "The build is out of date: changed since the server build: src/main.ts. Run \`npm run build\`" <<<"$stale"; then
  echo "a stale build should be refused, naming the changed file (exit $status): $stale"; exit 1
fi
[ -z "$(built)" ] || { echo "npm start compiled on a stale build: $(built)"; exit 1; }
echo "stale build: refused by name, exit $status"

set +e
out=$(env -i PATH="$PATH" NODE_ENV=production node dist/src/main.js 2>&1)
status=$?
set -e
if [ $status -eq 0 ] || ! grep -q "ENCRYPTION_KEY" <<<"$out"; then
  echo "production without ENCRYPTION_KEY should refuse to start naming the variable (exit $status): $out"; exit 1
fi
echo "production without ENCRYPTION_KEY: exit $status, names the variable"
echo "fresh-clone smoke: passed"
