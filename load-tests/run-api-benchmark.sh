#!/usr/bin/env bash
# API benchmark of one Headwater node: builds the jar, starts a node on a temporary data directory and
# non-default ports, runs the Gatling simulation io.headwater.load.LiveInputApiSimulation against it,
# prints a summary (load-tests/summarize.py) and stops the node with SIGTERM, whatever happens.
#
#   load-tests/run-api-benchmark.sh
#
# Knobs (environment): BENCH_WARMUP_SECONDS (10), BENCH_RATE (open-model users/s of healthz and of get-live-input, 100),
# BENCH_MIX_RATE (mix users/s, 4), BENCH_SHARE_CONNECTIONS (false: each open-model user opens its own
# connection; true: one shared keep-alive pool), BENCH_OPEN_SECONDS (30), BENCH_SAT_USERS (32),
# BENCH_SAT_SECONDS (20 per saturation phase; 0 skips them), BENCH_HTTP_PORT (18080),
# BENCH_MANAGEMENT_PORT (18558), BENCH_CLUSTER_PORT (25599), SKIP_BUILD=1 (reuse target/headwater.jar),
# KEEP_DATA=1 (keep the temporary data directory and the node's log).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RATE="${BENCH_RATE:-100}"
MIX_RATE="${BENCH_MIX_RATE:-4}"
SHARE_CONNECTIONS="${BENCH_SHARE_CONNECTIONS:-false}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-10}"
OPEN_SECONDS="${BENCH_OPEN_SECONDS:-30}"
SAT_USERS="${BENCH_SAT_USERS:-32}"
SAT_SECONDS="${BENCH_SAT_SECONDS:-20}"
HTTP_PORT="${BENCH_HTTP_PORT:-18080}"
MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-18558}"
CLUSTER_PORT="${BENCH_CLUSTER_PORT:-25599}"
TOKEN="headwater-load-test-token-0123456789abcdef"
ACCOUNT="0ad0000000000000000000000000b001"
URL="http://127.0.0.1:${HTTP_PORT}"
API="${URL}/client/v4/accounts/${ACCOUNT}/stream/live_inputs"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

for tool in java mvn curl python3; do
  command -v "$tool" >/dev/null || { log "missing: $tool"; exit 2; }
done
if curl -s -o /dev/null "${URL}/healthz"; then
  log "something already answers on ${URL}; stop it or set BENCH_HTTP_PORT"; exit 2
fi

DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/headwater-bench.XXXXXX")"
NODE_LOG="${DATA_DIR}/node.log"
NODE_PID=""
mvn_pid=""
sampler_pid=""

stop_node() {
  local rc=$?
  for pid in "$sampler_pid" "$mvn_pid"; do
    [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || true
  done
  if [[ -n "$NODE_PID" ]] && kill -0 "$NODE_PID" 2>/dev/null; then
    log "stopping node (pid $NODE_PID, SIGTERM)"
    kill -TERM "$NODE_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$NODE_PID" 2>/dev/null; then
      log "node still alive after 30 s; SIGKILL"
      kill -KILL "$NODE_PID" 2>/dev/null || true
    fi
    wait "$NODE_PID" 2>/dev/null || true
  fi
  if [[ "${KEEP_DATA:-0}" == 1 || $rc -ne 0 ]]; then
    log "data directory and node log kept in ${DATA_DIR}"
  else
    rm -rf "$DATA_DIR"
  fi
  exit $rc
}
trap stop_node EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building target/headwater.jar"
  mvn -B -q package -DskipTests
fi

log "starting node: HTTP ${HTTP_PORT}, management ${MANAGEMENT_PORT}, cluster ${CLUSTER_PORT}, data ${DATA_DIR}"
HEADWATER_HTTP_PORT="$HTTP_PORT" \
HEADWATER_HTTP_INTERFACE=127.0.0.1 \
HEADWATER_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
HEADWATER_CLUSTER_PORT="$CLUSTER_PORT" \
HEADWATER_RTMP_PORT=11935 HEADWATER_RTMPS_PORT=11936 HEADWATER_SRT_PORT=18890 \
HEADWATER_DATA_DIR="$DATA_DIR" \
HEADWATER_API_TOKEN="$TOKEN" \
HEADWATER_ACCOUNT_ID="$ACCOUNT" \
  java -jar target/headwater.jar >"$NODE_LOG" 2>&1 &
NODE_PID=$!

wait_for() { # description, timeout seconds, command...
  local what="$1" timeout="$2"; shift 2
  local start=$SECONDS
  until "$@"; do
    if ! kill -0 "$NODE_PID" 2>/dev/null; then
      log "node exited while waiting for ${what}; last lines of its log:"; tail -n 40 "$NODE_LOG" >&2; return 1
    fi
    if (( SECONDS - start > timeout )); then
      log "timed out after ${timeout} s waiting for ${what}; last lines of the node log:"; tail -n 40 "$NODE_LOG" >&2; return 1
    fi
    sleep 1
  done
  log "${what}: ready after $(( SECONDS - start )) s"
}
healthz_ok() { [[ "$(curl -s --max-time 2 "${URL}/healthz" || true)" == ok ]]; }
token_ok() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer ${TOKEN}" \
      "${URL}/client/v4/user/tokens/verify" || true)" == 200 ]]
}
wait_for "/healthz" 180 healthz_ok
wait_for "token verification" 120 token_ok

INPUT_UID="$(curl -sf --max-time 30 -X POST -H "Authorization: Bearer ${TOKEN}" -H 'Content-Type: application/json' \
    -d '{"meta":{"name":"load-get-target"}}' "$API" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["uid"])')"
log "GET target live input: ${INPUT_UID}"

sat_note="no saturation phases"
(( SAT_SECONDS > 0 )) && sat_note="then 2 x ${SAT_SECONDS} s saturation with ${SAT_USERS} users"
log "running Gatling: warm-up ${WARMUP_SECONDS} s, open ${OPEN_SECONDS} s (rate ${RATE}/s, mix ${MIX_RATE}/s, shared connections: ${SHARE_CONNECTIONS}), ${sat_note}"
before="$(ls -1d target/gatling/*/ 2>/dev/null | sort || true)"
console="${DATA_DIR}/gatling-console.log"
log "Gatling's console output goes to ${console}"
cpu_log="${DATA_DIR}/cpu.log"
set +e
mvn -B -P load-tests test-compile gatling:test \
  -Dheadwater.url="$URL" -Dheadwater.token="$TOKEN" -Dheadwater.account="$ACCOUNT" \
  -Dheadwater.inputUid="$INPUT_UID" -Dheadwater.rate="$RATE" -Dheadwater.mixRate="$MIX_RATE" \
  -Dheadwater.shareConnections="$SHARE_CONNECTIONS" -Dheadwater.warmupSeconds="$WARMUP_SECONDS" -Dheadwater.openSeconds="$OPEN_SECONDS" \
  -Dheadwater.satUsers="$SAT_USERS" -Dheadwater.satSeconds="$SAT_SECONDS" >"$console" 2>&1 &
mvn_pid=$!
python3 load-tests/cpu-sample.py "$cpu_log" "$NODE_PID" "$mvn_pid" &
sampler_pid=$!
wait "$mvn_pid"
gatling_rc=$?
kill -TERM "$sampler_pid" 2>/dev/null; wait "$sampler_pid" 2>/dev/null
set -e
# Gatling's own end-of-run summary and assertion results (or Maven's error).
sed -n '/^---- Global Information/,$p' "$console" | grep -v '^\[INFO\] *-*$' >&2 || true
if (( gatling_rc != 0 )); then tail -n 30 "$console" >&2; fi

report="$(comm -13 <(printf '%s\n' "$before") <(ls -1d target/gatling/*/ 2>/dev/null | sort) | tail -n 1)"
if [[ -z "$report" ]]; then
  log "Gatling wrote no report (mvn exit ${gatling_rc})"; exit 1
fi
cp "$console" "${report}console.log"
cp "$cpu_log" "${report}cpu.log"
echo
python3 load-tests/summarize.py "$report" --cpu "${report}cpu.log"
log "Gatling report: ${report}index.html, console output ${report}console.log (mvn exit ${gatling_rc})"
exit "$gatling_rc"
