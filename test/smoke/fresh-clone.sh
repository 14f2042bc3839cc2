#!/usr/bin/env bash
# The two-command promise: a clean clone, `npm ci`, then `npm start` with no environment variables at all
# answers /health with 200 and /api/v1/me with 401, with a key of its own beside the database. Also: production without ENCRYPTION_KEY refuses to boot.
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
port=3000
cleanup() { [ -n "${pid:-}" ] && kill -- "-$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

git clone -q "$repo" "$work/app"
cd "$work/app"
npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1 || { tail -30 "$work/npm-ci.log"; exit 1; }

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

set +e
out=$(env -i PATH="$PATH" NODE_ENV=production node dist/src/main.js 2>&1)
status=$?
set -e
if [ $status -eq 0 ] || ! grep -q "ENCRYPTION_KEY" <<<"$out"; then
  echo "production without ENCRYPTION_KEY should refuse to start naming the variable (exit $status): $out"; exit 1
fi
echo "production without ENCRYPTION_KEY: exit $status, names the variable"
echo "fresh-clone smoke: passed"
