#!/usr/bin/env bash
# Browser tests against a real `mpanel serve` with a fresh embedded database:
# migrate, bootstrap an owner, serve the built UI on a free port, run the Playwright script.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN="${UV:-uv} run --frozen"
command -v uv >/dev/null 2>&1 || RUN="python3 -m uv run --frozen"

DATA=$(mktemp -d /tmp/mpanel-e2e.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
EMAIL=owner@example.com
PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(16))')
export MPANEL_DATA_DIR=$DATA LOG_FORMAT=console
unset DATABASE_URL

SERVER_PID=
STRIPE_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$STRIPE_PID" ] && kill "$STRIPE_PID" 2>/dev/null && wait "$STRIPE_PID" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

# The Stripe API is the tests' fake on loopback (no internet); Stripe.js itself cannot load here.
$RUN python -m tests.fakes.stripe_server >"$DATA/stripe.url" 2>"$DATA/stripe.log" &
STRIPE_PID=$!
for _ in $(seq 1 60); do [ -s "$DATA/stripe.url" ] && break; sleep 0.5; done
export STRIPE_API_BASE=$(cat "$DATA/stripe.url")

$RUN mpanel migrate >/dev/null
$RUN mpanel bootstrap --tenant-name "E2E Hosting" --tenant-slug e2e --owner-email "$EMAIL" --owner-password "$PASSWORD" >/dev/null
$RUN mpanel serve --port "$PORT" >"$DATA/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null || { tail -50 "$DATA/serve.log"; exit 1; }

export E2E_BASE_URL="http://127.0.0.1:$PORT" E2E_EMAIL=$EMAIL E2E_PASSWORD=$PASSWORD
if [ "${1:-}" = "--bench" ]; then
  npm --prefix web run bench
else
  npm --prefix web run test:e2e
fi
