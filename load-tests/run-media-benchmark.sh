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
# (18558), BENCH_CLUSTER_PORT (25599), FFMPEG (path of an ffmpeg with libx264), SKIP_BUILD=1 (never build
# the jar), NO_INSTALL=1 (never apt-get nginx), KEEP_DATA=1 (keep the work directory),
# BENCH_RESULTS_DIR (where the per-step JSON goes; default a new load-tests/media/target/results-<time>).
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
TOKEN="headwater-load-test-token-0123456789abcdef"
ACCOUNT="0ad0000000000000000000000000b001"
URL="http://127.0.0.1:${HTTP_PORT}"
API="${URL}/client/v4/accounts/${ACCOUNT}/stream/live_inputs"
MEDIA_DIR="${ROOT}/load-tests/media"
CLASSES="${MEDIA_DIR}/target/classes"
FLV="${MEDIA_DIR}/target/test-720p30-2500k.flv"
CLK_TCK="$(getconf CLK_TCK)"

log() { printf '[media-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

for tool in java javac mvn curl python3; do
  command -v "$tool" >/dev/null || { log "missing: $tool"; exit 2; }
done
for n in $STEPS; do
  if ! [[ "$n" =~ ^[0-9]+$ ]] || (( n < 1 || n > MAX_PUBLISHERS )); then
    log "step '$n' is not a number in 1..${MAX_PUBLISHERS} (BENCH_MAX_PUBLISHERS)"; exit 2
  fi
done

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/headwater-media-bench.XXXXXX")"
RESULTS="${BENCH_RESULTS_DIR:-${MEDIA_DIR}/target/results-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$RESULTS"
NODE_PID=""
NGINX_PID=""

stop_node() {
  if [[ -n "$NODE_PID" ]] && kill -0 "$NODE_PID" 2>/dev/null; then
    log "stopping Headwater (pid $NODE_PID, SIGTERM)"
    kill -TERM "$NODE_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$NODE_PID" 2>/dev/null; then
      log "Headwater still alive after 30 s; SIGKILL"
      kill -KILL "$NODE_PID" 2>/dev/null || true
    fi
    wait "$NODE_PID" 2>/dev/null || true
  fi
  NODE_PID=""
}
stop_nginx() {
  if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    log "stopping nginx (pid $NGINX_PID, SIGQUIT)"
    kill -QUIT "$NGINX_PID" 2>/dev/null || true
    for _ in $(seq 1 10); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  NGINX_PID=""
}
cleanup() {
  local rc=$?
  stop_node
  stop_nginx
  if [[ "${KEEP_DATA:-0}" == 1 || $rc -ne 0 ]]; then
    log "work directory (node data, logs) kept in ${WORK_DIR}"
  else
    rm -rf "$WORK_DIR"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- build: the jar if it is missing or older than the sources, the driver if its sources changed

if [[ "${SKIP_BUILD:-0}" != 1 ]] && { [[ ! -f target/headwater.jar || ! -d target/classes ]] \
    || [[ -n "$(find src pom.xml -newer target/headwater.jar -print -quit)" ]]; }; then
  log "building target/headwater.jar"
  mvn -B -q package -DskipTests
fi
[[ -f target/headwater.jar && -d target/classes ]] || { log "no target/headwater.jar"; exit 2; }
if [[ ! -f "${CLASSES}/io/headwater/load/media/RtmpPublishLoad.class" ]] \
    || [[ -n "$(find "${MEDIA_DIR}/src" target/classes/io/headwater/media/rtmp/codec -newer "${CLASSES}/io/headwater/load/media/RtmpPublishLoad.class" -print -quit)" ]]; then
  log "compiling the driver into ${CLASSES}"
  rm -rf "$CLASSES"; mkdir -p "$CLASSES"
  javac -d "$CLASSES" -cp target/classes $(find "${MEDIA_DIR}/src" -name '*.java')
fi

# ---- the test stream, encoded once

find_ffmpeg() {
  if [[ -n "${FFMPEG:-}" ]]; then echo "$FFMPEG"; return; fi
  if command -v ffmpeg >/dev/null; then command -v ffmpeg; return; fi
  local cached
  cached="$(ls -1 "$HOME"/.javacpp/cache/ffmpeg-*/org/bytedeco/ffmpeg/linux-x86_64*/ffmpeg 2>/dev/null | head -n 1 || true)"
  [[ -n "$cached" ]] && echo "$cached"
}
if [[ ! -s "$FLV" ]]; then
  ffmpeg_bin="$(find_ffmpeg)"
  [[ -n "$ffmpeg_bin" ]] || { log "no ffmpeg: install one (apt-get install ffmpeg) or set FFMPEG"; exit 2; }
  log "encoding the test stream once with ${ffmpeg_bin}: 30 s, 1280x720 30 fps H.264 (2 s GOP, 2372 kbit/s) + AAC 128 kbit/s"
  mkdir -p "$(dirname "$FLV")"
  # Noise keeps the rate controller at its target; without it the test pattern compresses to almost nothing.
  "$ffmpeg_bin" -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=30,noise=alls=10:allf=t+u" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 30 \
    -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p \
    -b:v 2372k -maxrate 2372k -bufsize 2372k -g 60 -keyint_min 60 -sc_threshold 0 \
    -c:a aac -b:a 128k -ac 2 -f flv "${FLV}.part"
  mv "${FLV}.part" "$FLV"
fi
log "test stream: ${FLV} ($(( $(stat -c %s "$FLV") / 1024 )) KiB)"

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
      curl -sf --max-time 30 -X POST -H "Authorization: Bearer ${TOKEN}" -H 'Content-Type: application/json' \
          -d "{\"meta\":{\"name\":\"media-load-${have}\"}}" "$API" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["rtmps"]["streamKey"])' >>"$KEYS"
    else
      printf '%032xk%032x\n' "$have" "$((have + 1000000))" >>"$KEYS"
    fi
    have=$((have + 1))
  done
}

# ---- Headwater

run_headwater() {
  local data="${WORK_DIR}/headwater-data" node_log="${WORK_DIR}/headwater.log"
  mkdir -p "$data"
  if curl -s -o /dev/null "${URL}/healthz"; then
    log "something already answers on ${URL}; stop it or set BENCH_HTTP_PORT"; exit 2
  fi
  log "starting Headwater: HTTP ${HTTP_PORT}, RTMP ${RTMP_PORT}, data ${data}"
  # All publishers come from 127.0.0.1: lift the per-address connection limit (default 20).
  HEADWATER_HTTP_PORT="$HTTP_PORT" HEADWATER_HTTP_INTERFACE=127.0.0.1 \
  HEADWATER_MANAGEMENT_ENABLED=false HEADWATER_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
  HEADWATER_CLUSTER_PORT="$CLUSTER_PORT" HEADWATER_CLUSTER_HOST=127.0.0.1 \
  HEADWATER_RTMP_INTERFACE=127.0.0.1 HEADWATER_RTMP_PORT="$RTMP_PORT" HEADWATER_RTMPS_PORT=$((RTMP_PORT + 1)) \
  HEADWATER_SRT_PORT=18890 HEADWATER_DATA_DIR="$data" \
  HEADWATER_API_TOKEN="$TOKEN" HEADWATER_ACCOUNT_ID="$ACCOUNT" \
    java -Dheadwater.rtmp.max-connections-per-ip=1000 -jar target/headwater.jar >"$node_log" 2>&1 &
  NODE_PID=$!
  local start=$SECONDS
  until [[ "$(curl -s --max-time 2 "${URL}/healthz" || true)" == ok ]] \
      && [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer ${TOKEN}" \
               "${URL}/client/v4/user/tokens/verify" || true)" == 200 ]]; do
    if ! kill -0 "$NODE_PID" 2>/dev/null; then log "Headwater exited; last lines:"; tail -n 40 "$node_log" >&2; exit 1; fi
    if (( SECONDS - start > 180 )); then log "Headwater not ready after 180 s; last lines:"; tail -n 40 "$node_log" >&2; exit 1; fi
    sleep 1
  done
  log "Headwater ready after $(( SECONDS - start )) s"
  local cassandra=""
  for child in $(pgrep -P "$NODE_PID" || true); do
    if tr '\0' ' ' <"/proc/${child}/cmdline" 2>/dev/null | grep -qi cassandra; then cassandra="$child"; fi
  done
  [[ -n "$cassandra" ]] || log "no embedded Cassandra child found under pid ${NODE_PID}; measuring the node only"
  local pids=(--pid "node=${NODE_PID}" --heap-of node)
  [[ -n "$cassandra" ]] && pids+=(--pid "cassandra=${cassandra}")

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
  cp "$node_log" "${RESULTS}/headwater-node.log"
  stop_node
}

# ---- nginx with the RTMP module

run_nginx() {
  local dir="${WORK_DIR}/nginx" module
  module="$(ls -1 /usr/lib/nginx/modules/ngx_rtmp_module.so 2>/dev/null || true)"
  if [[ -z "$module" || ! -x "$(command -v nginx || true)" ]]; then
    if [[ "${NO_INSTALL:-0}" == 1 ]]; then log "nginx or its RTMP module is missing and NO_INSTALL=1"; exit 2; fi
    log "installing nginx and libnginx-mod-rtmp with apt-get"
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx libnginx-mod-rtmp >&2
    module="$(ls -1 /usr/lib/nginx/modules/ngx_rtmp_module.so)"
  fi
  mkdir -p "${dir}/logs"
  KEY_MODE=generated # nginx accepts any name; the keys made for Headwater are reused, so the names match
  local need="$WARMUP_RUN_PUBLISHERS"
  for n in ${BENCH_NGINX_STEPS:-$HEADWATER_STEPS_RUN}; do (( n > need )) && need=$n; done
  ensure_keys "$need"
  cat >"${dir}/nginx.conf" <<EOF
load_module ${module};
daemon off;
master_process on;
worker_processes 1;
user root;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 4096; }
rtmp {
  server {
    listen 127.0.0.1:${NGINX_PORT};
    application live { live on; }
  }
}
EOF
  nginx -p "$dir" -c "${dir}/nginx.conf" -t 2>/dev/null || { nginx -p "$dir" -c "${dir}/nginx.conf" -t; exit 1; }
  nginx -p "$dir" -c "${dir}/nginx.conf" >"${dir}/logs/stdout.log" 2>&1 &
  NGINX_PID=$!
  local worker=""
  for _ in $(seq 1 50); do worker="$(pgrep -P "$NGINX_PID" | head -n 1 || true)"; [[ -n "$worker" ]] && break; sleep 0.1; done
  [[ -n "$worker" ]] || { log "nginx started no worker"; cat "${dir}/logs/error.log" >&2; exit 1; }
  log "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') with ${module##*/}: master ${NGINX_PID}, worker ${worker}, RTMP ${NGINX_PORT}"
  local pids=(--pid "nginx=${worker}" --pid "nginx-master=${NGINX_PID}")

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
