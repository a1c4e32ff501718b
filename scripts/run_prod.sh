#!/usr/bin/env bash
# `make run-prod`: a local production topology on this machine, in the foreground.
#
#   browser -> nginx :PORT (default 8080) -+-> static frontend (built once, data/prod/www)
#                                          +-> app-1 127.0.0.1:PORT+1 -+-> PostgreSQL vfo_prod
#                                          +-> app-2 127.0.0.1:PORT+2 -+-> Redis (Reflex state)
#
# Choice: nginx serves the frontend exported once (`reflex export --frontend-only`) and the two
# instances run `reflex run --env prod --backend-only`. With `--single-port` every instance
# rebuilds the frontend at start (1-2 minutes each on 2 cores) into the one shared .web folder,
# emptying the build the other instance is serving; an export copied to data/prod/www is built
# once, cannot be touched by a later `make run`, and keeps pages available while an instance is
# down. The security headers come from the app's middleware for backend responses and from
# the same Python function, rendered into nginx, for the static files.
#
# PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) are used when they run, else started
# from the Debian packages (installed if missing); they are left running on exit. Ctrl-C or
# `make stop-prod` (`scripts/run_prod.sh stop`) stops nginx and both instances.
#
# Environment: PORT (8080), WORKERS per instance (4), VFO_REDIS_URL (redis://127.0.0.1:6379/0),
# VFO_BASE_URL (http://localhost:PORT), VFO_PROD_DATABASE (vfo_prod), VFO_PROD_REBUILD=1 forces
# a new frontend build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PROD=$ROOT/data/prod
RUN=$PROD/run
LOGS=$PROD/logs
PIDFILE=$RUN/run_prod.pid

if [ "${1:-}" = stop ]; then
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill -TERM "$(cat "$PIDFILE")" && echo "run-prod (pid $(cat "$PIDFILE")) gestopt"
  else
    echo "run-prod draait niet"
  fi
  exit 0
fi

export PATH=$ROOT/.tools/node_modules/.bin:$ROOT/.venv/bin:$PATH
export REFLEX_BUN_PATH=$ROOT/.tools/node_modules/.bin/bun
export REFLEX_TELEMETRY_ENABLED=false REFLEX_CHECK_LATEST_VERSION=false

PORT=${PORT:-8080}
APP_PORTS=("$((PORT + 1))" "$((PORT + 2))")
DB_NAME=${VFO_PROD_DATABASE:-vfo_prod}
PG="-h 127.0.0.1 -p 5432 -U postgres"

say() { echo "run-prod: $*"; }

if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  say "draait al (pid $(cat "$PIDFILE")); stop eerst met make stop-prod"; exit 1
fi
for port in "$PORT" "${APP_PORTS[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then say "poort $port is bezet"; exit 1; fi
done

apt_install() {
  apt-get install -y -qq "$@" || (apt-get update -qq && apt-get install -y -qq "$@")
}

# --- services from Debian ------------------------------------------------------------------
command -v nginx >/dev/null || { say "nginx installeren (Debian)"; apt_install nginx; }

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  command -v pg_ctlcluster >/dev/null || { say "PostgreSQL installeren (Debian)"; apt_install postgresql; }
  version=$(ls /etc/postgresql | sort -V | tail -1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  # Local demo topology: the app connects as postgres over 127.0.0.1 without a password.
  grep -q "^host all postgres 127.0.0.1/32 trust" "$hba" \
    || sed -i "1i host all postgres 127.0.0.1/32 trust" "$hba"
  say "PostgreSQL $version starten"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  command -v redis-server >/dev/null || { say "Redis installeren (Debian)"; apt_install redis-server; }
  say "Redis starten"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
fi

# --- settings shared by both instances -------------------------------------------------------
mkdir -p "$RUN" "$LOGS" "$ROOT/data"
if [ ! -s "$ROOT/data/prod_secret_key" ]; then
  (umask 077 && python -c "import secrets; print(secrets.token_urlsafe(48))" > "$ROOT/data/prod_secret_key")
fi
chmod 600 "$ROOT/data/prod_secret_key"

export VFO_ENV=production
export VFO_SECRET_KEY; VFO_SECRET_KEY=$(cat "$ROOT/data/prod_secret_key")
export VFO_BASE_URL=${VFO_BASE_URL:-http://localhost:$PORT}
export VFO_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/$DB_NAME
export VFO_REDIS_URL=${VFO_REDIS_URL:-redis://127.0.0.1:6379/0}
# Production refuses to start without SMTP. Locally: a mail catcher on port 1025 (e.g.
# `.venv/bin/python -m aiosmtpd -n -l 127.0.0.1:1025`, plain, no login); without one the mail
# stays queued with its error (shown in Gebruikers) and is retried.
export VFO_SMTP_HOST=${VFO_SMTP_HOST:-127.0.0.1}
export VFO_SMTP_PORT=${VFO_SMTP_PORT:-1025}
export VFO_SMTP_STARTTLS=${VFO_SMTP_STARTTLS:-false}
export REFLEX_TRUSTED_PROXY_HOPS=1  # client address from nginx's X-Forwarded-For
# A worker keeps the Redis lock and state of a tab it just served for a moment (opportunistic
# lock): a page's chain of events then costs one Redis round trip instead of one per event.
# Measured with benchmarks/load_ws.py, 300 users: p95 0.84 s without, 0.36 s with.
export REFLEX_OPLOCK_ENABLED=${REFLEX_OPLOCK_ENABLED:-true}

# --- database ----------------------------------------------------------------------------
# shellcheck disable=SC2086
if [ "$(psql $PG -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
  say "database $DB_NAME aanmaken"
  # shellcheck disable=SC2086
  createdb $PG "$DB_NAME"
fi
vfo migrate
vfo seed-demo

# --- frontend, built once (again only when the code or the public URL changed) ---------------
# A content hash, not mtimes: rsync and git keep or reset mtimes and would hide a change.
source_hash=$( { echo "$VFO_BASE_URL"; find vfo_app assets rxconfig.py pyproject.toml -type f \
  -not -path "*/__pycache__/*" -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -c1-16)
if [ "${VFO_PROD_REBUILD:-}" = 1 ] || [ "$(cat "$PROD/www/.built" 2>/dev/null)" != "$source_hash" ]; then
  say "frontend bouwen voor $VFO_BASE_URL (eerste keer duurt even)"
  reflex export --frontend-only --no-zip --env prod --loglevel warning
  rm -rf "$PROD/www.new" && cp -a .web/build/client "$PROD/www.new"
  echo "$source_hash" > "$PROD/www.new/.built"
  rm -rf "$PROD/www" && mv "$PROD/www.new" "$PROD/www"
fi

# --- nginx configuration -------------------------------------------------------------------
python -m vfo_app.http_headers > "$RUN/security_headers.conf"
python - "$ROOT/deploy/nginx.conf" "$RUN/nginx.conf" <<EOF
import sys
text = open(sys.argv[1]).read()
servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in "${APP_PORTS[*]}".split())
for key, value in {"PORT": "$PORT", "RUN": "$RUN", "LOGS": "$LOGS", "WWW": "$PROD/www",
                   "UPSTREAM_SERVERS": servers}.items():
    text = text.replace(f"@{key}@", value)
open(sys.argv[2], "w").write(text)
EOF
for d in client_body proxy fastcgi uwsgi scgi; do mkdir -p "$RUN/$d"; done
nginx -t -q -c "$RUN/nginx.conf"

# --- start: instances and nginx, each in its own process group ---------------------------------
pids=()
names=()
stop_all() {
  local rc=$1
  trap - INT TERM EXIT
  say "stoppen"
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  rm -f "$PIDFILE" "$RUN"/app-*.pid
  exit "$rc"
}
trap 'stop_all 0' INT TERM
trap 'stop_all $?' EXIT
echo $$ > "$PIDFILE"

for i in 1 2; do
  port=${APP_PORTS[$((i - 1))]}
  # Four worker processes per instance, more than the cores: a worker serves each of its tabs'
  # events on one event loop under one GIL, so a burst on one worker waits even while another
  # is idle. benchmarks/load_ws.py, 100 users at 47 steps/s on 2 cores: p95 282 ms with two
  # workers per instance, 100 ms with four, 117 ms with six (about 200 MB each).
  GRANIAN_WORKERS=${WORKERS:-4} setsid reflex run --env prod --backend-only \
    --backend-host 127.0.0.1 --backend-port "$port" > "$LOGS/app-$i.log" 2>&1 &
  pids+=($!); names+=("app-$i :$port"); echo $! > "$RUN/app-$i.pid"
done
setsid nginx -c "$RUN/nginx.conf" -g "daemon off;" > "$LOGS/nginx.log" 2>&1 &
pids+=($!); names+=("nginx :$PORT")

for port in "${APP_PORTS[@]}"; do
  for _ in $(seq 180); do curl -fs "http://127.0.0.1:$port/ping" >/dev/null && break; sleep 1; done
  curl -fs "http://127.0.0.1:$port/ping" >/dev/null || { say "instantie op $port start niet; zie $LOGS"; exit 1; }
done

say "klaar: $VFO_BASE_URL  (nginx :$PORT -> app-1 :${APP_PORTS[0]}, app-2 :${APP_PORTS[1]}; database $DB_NAME; Redis $VFO_REDIS_URL)"
say "logs in $LOGS; demologin advisor@demo-accountants.example / Demo-Advisor-2026; stoppen met Ctrl-C"

# Stay in the foreground; report a child that stops (a killed instance is a fault to survive).
alive=("${pids[@]}")
while true; do
  for n in "${!alive[@]}"; do
    if [ -n "${alive[$n]}" ] && ! kill -0 "${alive[$n]}" 2>/dev/null; then
      say "${names[$n]} is gestopt"; alive[n]=""
    fi
  done
  sleep 1
done
