#!/usr/bin/env bash
# RTMP ingest benchmark: N publishers, each replaying a pre-encoded 720p30 H.264/AAC FLV at about 2.5 Mbit/s
# in real time, against one Headwater node and then against nginx with the RTMP module as the baseline.
# Steps of increasing N; per step it measures the server's CPU and RSS from /proc and whether every
# publisher kept up. Headwater's steps stop at the first one where some publisher did not keep up; nginx
# runs the same steps. Everything stays on 127.0.0.1 and every run stops by itself.
#
#   load-tests/run-media-benchmark.sh
#
# Knobs (environment): BENCH_STEPS ("1 10 20 40 80 160 240 320 400 480"), BENCH_MAX_PUBLISHERS (500, a hard cap
# on any step), BENCH_WARMUP_SECONDS (5), BENCH_MEASURE_SECONDS (15), BENCH_IDLE_SECONDS (10),
# BENCH_WARMUP_RUN_PUBLISHERS (10) and BENCH_WARMUP_RUN_SECONDS (15) for an unrecorded warm-up run before
# the steps, BENCH_SERVERS ("headwater nginx"), BENCH_NGINX_STEPS (default: the steps Headwater ran),
# BENCH_HTTP_PORT (18080), BENCH_RTMP_PORT (11935), BENCH_NGINX_PORT (12935), BENCH_MANAGEMENT_PORT
# (18558), BENCH_CLUSTER_PORT (25599), BENCH_NODE_JAVA_OPTS (options for the node's JVM), FFMPEG (path of
# an ffmpeg with libx264), SKIP_BUILD=1 (never build the jar), NO_INSTALL=1 (never apt-get nginx),
# KEEP_DATA=1 (keep the work directory), BENCH_RESULTS_DIR (where the per-step JSON goes; default a new
# load-tests/media/target/results-<time>).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

STEPS="${BENCH_STEPS:-1 10 20 40 80 160 240 320 400 480}"
MAX_PUBLISHERS="${BENCH_MAX_PUBLISHERS:-500}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-5}"
WARMUP_RUN_PUBLISHERS="${BENCH_WARMUP_RUN_PUBLISHERS:-10}"
WARMUP_RUN_SECONDS="${BENCH_WARMUP_RUN_SECONDS:-15}"
MEASURE_SECONDS="${BENCH_MEASURE_SECONDS:-15}"
IDLE_SECONDS="${BENCH_IDLE_SECONDS:-10}"
SERVERS="${BENCH_SERVERS:-headwater nginx}"
HTTP_PORT="${BENCH_HTTP_PORT:-18080}"
RTMP_PORT="${BENCH_RTMP_PORT:-11935}"
NGINX_PORT="${BENCH_NGINX_PORT:-12935}"
MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-18558}"
CLUSTER_PORT="${BENCH_CLUSTER_PORT:-25599}"
LOG_TAG=media-bench
# shellcheck source=media/common.sh
source "${ROOT}/load-tests/media/common.sh"

require_tools java javac mvn curl python3
for n in $STEPS; do
  if ! [[ "$n" =~ ^[0-9]+$ ]] || (( n < 1 || n > MAX_PUBLISHERS )); then
    log "step '$n' is not a number in 1..${MAX_PUBLISHERS} (BENCH_MAX_PUBLISHERS)"; exit 2
  fi
done

start_work_dir headwater-media-bench
RESULTS="${BENCH_RESULTS_DIR:-${MEDIA_DIR}/target/results-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$RESULTS"

build_jar_and_driver
ensure_test_stream

# ---- one step of the driver

KEYS="${WORK_DIR}/keys.txt"
: >"$KEYS"

run_driver() { # tag (file names), publishers, warm-up s, measure s, url, then --pid name=pid...
  local tag="$1" n="$2" warmup="$3" measure="$4" url="$5"; shift 5
  java -Xss256k -Xms64m -Xmx512m -XX:+UseSerialGC -cp "${CLASSES}:target/classes" \
    io.headwater.load.media.RtmpPublishLoad \
    --url "$url" --keys "$KEYS" --publishers "$n" --flv "$FLV" \
    --warmup-seconds "$warmup" --measure-seconds "$measure" --clock-ticks "$CLK_TCK" \
    --out "${RESULTS}/${tag}.json" --details "${RESULTS}/${tag}.details" "$@" \
    2> >(tee "${RESULTS}/${tag}.log" >&2) >/dev/null
}

# Idle, then an unrecorded warm-up run (JIT, connection pools, sharding), then the steps.
run_server() { # name, url, --pid name=pid...
  local name="$1" url="$2"; shift 2
  log "${name} idle: ${IDLE_SECONDS} s with no publisher"
  run_driver "${name}-idle" 0 0 "$IDLE_SECONDS" "$url" "$@"
  step_line "${RESULTS}/${name}-idle.json" >&2
  if (( WARMUP_RUN_PUBLISHERS > 0 )); then
    ensure_keys "$WARMUP_RUN_PUBLISHERS"
    log "${name} warm-up run: ${WARMUP_RUN_PUBLISHERS} publishers for ${WARMUP_RUN_SECONDS} s (not in the tables)"
    run_driver "${name}-warmup" "$WARMUP_RUN_PUBLISHERS" 0 "$WARMUP_RUN_SECONDS" "$url" "$@"
    sleep 3
  fi
}

step_line() { # json file
  python3 - "$1" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["cores"]
server = {k: v for k, v in c.items() if k not in ("driver", "machineBusy", "machineTotal")}
print(f"N={r['publishers']}: kept up {r['keptUp']}/{r['publishers']}, connected {r['connectedToEnd']}, "
      f"cores " + ", ".join(f"{k} {v:.2f}" for k, v in server.items()) + f", driver {c['driver']:.2f}, machine busy {c['machineBusy']:.2f}; "
      f"lateness p99 {r['latenessMs']['p99']} ms, ack delay p99 {r['ackDelayMs']['p99']} ms max {r['ackDelayMs']['max']} ms"
      + (f"; not kept up: {r['notKeptUpReasons']}" if r['notKeptUpReasons'] else "")
      + (f"; errors: {r['errors']}" if r['errors'] else ""))
EOF
}

all_kept_up() { python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["allKeptUp"] else 1)' "$1"; }

HEADWATER_STEPS_RUN=""
KEY_MODE=generated

ensure_keys() { # at least $1 stream keys in $KEYS: live inputs created through the API, or made-up names
  local have; have="$(wc -l <"$KEYS")"
  while (( have < $1 )); do
    if [[ "$KEY_MODE" == api ]]; then # one live input per publisher
      create_input "{\"meta\":{\"name\":\"media-load-${have}\"}}" | cut -d' ' -f2 >>"$KEYS"
    else
      printf '%032xk%032x\n' "$have" "$((have + 1000000))" >>"$KEYS"
    fi
    have=$((have + 1))
  done
}

# ---- Headwater

run_headwater() {
  start_headwater "${WORK_DIR}/headwater-data" "${WORK_DIR}/headwater.log"
  local pids=(--pid "node=${NODE_PID}" --heap-of node)
  [[ -n "$CASSANDRA_PID" ]] && pids+=(--pid "cassandra=${CASSANDRA_PID}")

  KEY_MODE=api
  run_server headwater "rtmp://127.0.0.1:${RTMP_PORT}/live" "${pids[@]}"
  for n in $STEPS; do
    ensure_keys "$n"
    log "Headwater, ${n} publishers: warm-up ${WARMUP_SECONDS} s, measure ${MEASURE_SECONDS} s"
    run_driver "headwater-${n}" "$n" "$WARMUP_SECONDS" "$MEASURE_SECONDS" "rtmp://127.0.0.1:${RTMP_PORT}/live" "${pids[@]}"
    step_line "${RESULTS}/headwater-${n}.json" >&2
    HEADWATER_STEPS_RUN="${HEADWATER_STEPS_RUN} ${n}"
    if ! all_kept_up "${RESULTS}/headwater-${n}.json"; then
      log "Headwater did not keep up at ${n} publishers; no larger steps"
      break
    fi
    sleep 3 # lets the node end the previous publishes before the inputs are published again
  done
  cp "${WORK_DIR}/headwater.log" "${RESULTS}/headwater-node.log"
  stop_node
}

# ---- nginx with the RTMP module

run_nginx() {
  ensure_nginx_rtmp || exit 2
  KEY_MODE=generated # nginx accepts any name; the keys made for Headwater are reused, so the names match
  local need="$WARMUP_RUN_PUBLISHERS"
  for n in ${BENCH_NGINX_STEPS:-$HEADWATER_STEPS_RUN}; do (( n > need )) && need=$n; done
  ensure_keys "$need"
  start_nginx "${WORK_DIR}/nginx" "    listen 127.0.0.1:${NGINX_PORT};
    application live { live on; }"
  local pids=(--pid "nginx=${NGINX_WORKER}" --pid "nginx-master=${NGINX_PID}")

  run_server nginx "rtmp://127.0.0.1:${NGINX_PORT}/live" "${pids[@]}"
  for n in ${BENCH_NGINX_STEPS:-$HEADWATER_STEPS_RUN}; do
    log "nginx, ${n} publishers: warm-up ${WARMUP_SECONDS} s, measure ${MEASURE_SECONDS} s"
    run_driver "nginx-${n}" "$n" "$WARMUP_SECONDS" "$MEASURE_SECONDS" "rtmp://127.0.0.1:${NGINX_PORT}/live" "${pids[@]}"
    step_line "${RESULTS}/nginx-${n}.json" >&2
    sleep 2
  done
  stop_nginx
}

for server in $SERVERS; do
  case "$server" in
    headwater) run_headwater ;;
    nginx)
      [[ -n "${BENCH_NGINX_STEPS:-$HEADWATER_STEPS_RUN}" ]] || HEADWATER_STEPS_RUN="$STEPS"
      run_nginx ;;
    *) log "unknown server '$server' in BENCH_SERVERS"; exit 2 ;;
  esac
done

echo
python3 "${MEDIA_DIR}/summarize.py" "$RESULTS"
log "per-step JSON, per-publisher details and driver logs: ${RESULTS}"
