#!/usr/bin/env bash
# Live HLS benchmark (issue 4): N RTMP publishers, each replaying the pre-encoded 720p30 FLV of the RTMP
# ingest benchmark in real time, and for each a poller that follows the stream's live HLS playlists. It
# measures the time from the first media tag to the first playlist listing a segment, the live edge lag of
# every new segment (and, for LL-HLS inputs, every new part), and the server's CPU per packaged stream at
# each N. Headwater runs with standard inputs and with preferLowLatency inputs; the baseline, nginx with the
# RTMP module (hls on, 2 s fragments, 12 s playlist, served by nginx's http module), runs the same steps in
# the same invocation, and the summary prints Headwater/nginx ratios. Everything stays on 127.0.0.1 and
# every step ends by itself.
#
#   load-tests/run-hls-benchmark.sh
#
# Knobs (environment): BENCH_STEPS ("1 10 50"), BENCH_MODES ("standard ll": which Headwater inputs),
# BENCH_WARMUP_SECONDS (5) and BENCH_MEASURE_SECONDS (30) per step, BENCH_POLL_MS (100: the plain polling
# interval), BENCH_IDLE_SECONDS (10), BENCH_WARMUP_RUN_PUBLISHERS (5) and BENCH_WARMUP_RUN_SECONDS (15) for
# an unrecorded warm-up run per server, BENCH_SERVERS ("headwater nginx"), BENCH_HTTP_PORT (18080),
# BENCH_RTMP_PORT (11935), BENCH_NGINX_PORT (12935, RTMP), BENCH_NGINX_HTTP_PORT (12980),
# BENCH_NGINX_HLS_DIR (where nginx writes its HLS files; default a new directory in /dev/shm, else in the
# work directory), BENCH_MANAGEMENT_PORT (18558), BENCH_CLUSTER_PORT (25599), BENCH_NODE_JAVA_OPTS (options
# for the node's JVM, e.g. "-Xlog:gc*:file=/tmp/gc.log"), FFMPEG, SKIP_BUILD=1, NO_INSTALL=1 (never
# apt-get nginx), KEEP_DATA=1 (keep the work directory), BENCH_RESULTS_DIR (default a new
# load-tests/media/target/hls-results-<time>).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

STEPS="${BENCH_STEPS:-1 10 50}"
MODES="${BENCH_MODES:-standard ll}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-5}"
MEASURE_SECONDS="${BENCH_MEASURE_SECONDS:-30}"
POLL_MS="${BENCH_POLL_MS:-100}"
IDLE_SECONDS="${BENCH_IDLE_SECONDS:-10}"
WARMUP_RUN_PUBLISHERS="${BENCH_WARMUP_RUN_PUBLISHERS:-5}"
WARMUP_RUN_SECONDS="${BENCH_WARMUP_RUN_SECONDS:-15}"
SERVERS="${BENCH_SERVERS:-headwater nginx}"
HTTP_PORT="${BENCH_HTTP_PORT:-18080}"
RTMP_PORT="${BENCH_RTMP_PORT:-11935}"
NGINX_PORT="${BENCH_NGINX_PORT:-12935}"
NGINX_HTTP_PORT="${BENCH_NGINX_HTTP_PORT:-12980}"
MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-18558}"
CLUSTER_PORT="${BENCH_CLUSTER_PORT:-25599}"
LOG_TAG=hls-bench
# shellcheck source=media/common.sh
source "${ROOT}/load-tests/media/common.sh"

require_tools java javac mvn curl python3
for n in $STEPS; do
  if ! [[ "$n" =~ ^[0-9]+$ ]] || (( n < 1 || n > 500 )); then log "step '$n' is not a number in 1..500"; exit 2; fi
done
for mode in $MODES; do
  [[ "$mode" == standard || "$mode" == ll ]] || { log "unknown mode '$mode' in BENCH_MODES (standard, ll)"; exit 2; }
done

start_work_dir headwater-hls-bench
RESULTS="${BENCH_RESULTS_DIR:-${MEDIA_DIR}/target/hls-results-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$RESULTS"
NGINX_HLS_DIR="${BENCH_NGINX_HLS_DIR:-}"

if [[ " $SERVERS " == *" nginx "* ]] && ! ensure_nginx_rtmp; then
  log "nginx with the RTMP module is not installed and could not be installed: running Headwater only, no ratios"
  SERVERS="${SERVERS//nginx/}"
fi
build_jar_and_driver
ensure_test_stream

STREAMS="${WORK_DIR}/streams.txt"

run_driver() { # tag (file names), publishers, warm-up s, measure s, rtmp url, then --pid name=pid...
  local tag="$1" n="$2" warmup="$3" measure="$4" url="$5"; shift 5
  java -Xss256k -Xms64m -Xmx512m -XX:+UseSerialGC -cp "${CLASSES}:target/classes" \
    io.headwater.load.media.HlsLatencyLoad \
    --url "$url" --streams "$STREAMS" --publishers "$n" --flv "$FLV" --poll-ms "$POLL_MS" \
    --warmup-seconds "$warmup" --measure-seconds "$measure" --clock-ticks "$CLK_TCK" \
    --out "${RESULTS}/${tag}.json" --samples "${RESULTS}/${tag}.samples" "$@" \
    2> >(tee "${RESULTS}/${tag}.log" >&2) >/dev/null
}

step_line() { # json file
  python3 - "$1" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["cores"]
server = {k: v for k, v in c.items() if k not in ("driver", "machineBusy", "machineTotal")}
def lag(name):
    s = r[name]
    return f"{s['p50']:.0f}/{s['p95']:.0f}/{s['max']:.0f} ms (n={s['count']})" if s["count"] else "none"
print(f"N={r['publishers']} {r['mode']}: published {r['published']}, playlists {r['playlists']}, "
      f"first playlist p50 {r['timeToFirstPlaylistMs']['p50']:.0f} ms; segment lag p50/p95/max {lag('segmentLagMs')}; "
      f"part lag {lag('partLagMs')}; cores " + ", ".join(f"{k} {v:.2f}" for k, v in server.items())
      + f", driver {c['driver']:.2f}, machine busy {c['machineBusy']:.2f}; load {r['loadAverageAfter'].split()[0]}"
      + (f"; poller errors {r['pollerErrors']}" if r['pollerErrors'] else "")
      + (f"; pollers stopped: {r['pollersStopped']}" if r['pollersStopped'] else "")
      + (f"; publisher errors: {r['publisherErrors']}" if r['publisherErrors'] else ""))
EOF
}

# ---- Headwater: a new live input per publisher and step, so every step starts a new broadcast

headwater_streams() { # n, input JSON
  local n="$1" body="$2" uid key
  : >"$STREAMS"
  for _ in $(seq 1 "$n"); do
    read -r uid key < <(create_input "$body" || true)
    [[ -n "${key:-}" ]] || { log "creating a live input failed"; exit 1; }
    echo "${key} ${URL}/${uid}/manifest/video.m3u8" >>"$STREAMS"
  done
}

run_headwater() {
  start_headwater "${WORK_DIR}/headwater-data" "${WORK_DIR}/headwater.log"
  local pids=(--pid "node=${NODE_PID}") rtmp="rtmp://127.0.0.1:${RTMP_PORT}/live"
  [[ -n "$CASSANDRA_PID" ]] && pids+=(--pid "cassandra=${CASSANDRA_PID}")
  log "Headwater idle: ${IDLE_SECONDS} s with no publisher"
  : >"$STREAMS"
  run_driver headwater-idle 0 0 "$IDLE_SECONDS" "$rtmp" "${pids[@]}"
  if (( WARMUP_RUN_PUBLISHERS > 0 )); then
    log "Headwater warm-up run: ${WARMUP_RUN_PUBLISHERS} publishers for ${WARMUP_RUN_SECONDS} s (not in the tables)"
    headwater_streams "$WARMUP_RUN_PUBLISHERS" '{"meta":{"name":"hls-load-warmup"}}'
    run_driver headwater-warmup "$WARMUP_RUN_PUBLISHERS" 0 "$WARMUP_RUN_SECONDS" "$rtmp" "${pids[@]}"
  fi
  local mode n body
  for mode in $MODES; do
    body='{"meta":{"name":"hls-load"}}'
    [[ "$mode" == ll ]] && body='{"meta":{"name":"hls-load-ll"},"preferLowLatency":true}'
    for n in $STEPS; do
      headwater_streams "$n" "$body"
      log "Headwater ${mode}, ${n} publishers: warm-up ${WARMUP_SECONDS} s, measure ${MEASURE_SECONDS} s"
      run_driver "headwater-${mode}-${n}" "$n" "$WARMUP_SECONDS" "$MEASURE_SECONDS" "$rtmp" "${pids[@]}"
      step_line "${RESULTS}/headwater-${mode}-${n}.json" >&2
      sleep 2
    done
  done
  cp "${WORK_DIR}/headwater.log" "${RESULTS}/headwater-node.log"
  stop_node
}

# ---- nginx-rtmp: HLS written by the RTMP module, served as files by the http module

nginx_streams() { # n, name prefix (a new name per step: hls_continuous would continue an old playlist)
  local n="$1" prefix="$2" i
  : >"$STREAMS"
  for i in $(seq 1 "$n"); do
    echo "${prefix}-${i} http://127.0.0.1:${NGINX_HTTP_PORT}/hls/${prefix}-${i}.m3u8" >>"$STREAMS"
  done
}

run_nginx() {
  local dir="${WORK_DIR}/nginx" temp
  if [[ -z "$NGINX_HLS_DIR" ]]; then
    if [[ -d /dev/shm && -w /dev/shm ]]; then
      EXTRA_DIR="$(mktemp -d /dev/shm/headwater-hls-bench.XXXXXX)"
      NGINX_HLS_DIR="$EXTRA_DIR"
    else
      NGINX_HLS_DIR="${dir}/hls"
    fi
  fi
  mkdir -p "$NGINX_HLS_DIR" "${dir}/temp"
  temp="${dir}/temp"
  start_nginx "$dir" "    listen 127.0.0.1:${NGINX_PORT};
    application live {
      live on;
      hls on;
      hls_path ${NGINX_HLS_DIR};
      hls_fragment 2s;
      hls_playlist_length 12s;
    }" "http {
  access_log off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  server {
    listen 127.0.0.1:${NGINX_HTTP_PORT};
    location /hls/ {
      alias ${NGINX_HLS_DIR}/;
      types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
      add_header Cache-Control no-cache;
    }
  }
}"
  log "nginx: RTMP ${NGINX_PORT}, HLS in ${NGINX_HLS_DIR} served on http://127.0.0.1:${NGINX_HTTP_PORT}/hls/"
  local pids=(--pid "nginx=${NGINX_WORKER}" --pid "nginx-master=${NGINX_PID}") rtmp="rtmp://127.0.0.1:${NGINX_PORT}/live"
  log "nginx idle: ${IDLE_SECONDS} s with no publisher"
  : >"$STREAMS"
  run_driver nginx-idle 0 0 "$IDLE_SECONDS" "$rtmp" "${pids[@]}"
  if (( WARMUP_RUN_PUBLISHERS > 0 )); then
    log "nginx warm-up run: ${WARMUP_RUN_PUBLISHERS} publishers for ${WARMUP_RUN_SECONDS} s (not in the tables)"
    nginx_streams "$WARMUP_RUN_PUBLISHERS" warmup
    run_driver nginx-warmup "$WARMUP_RUN_PUBLISHERS" 0 "$WARMUP_RUN_SECONDS" "$rtmp" "${pids[@]}"
  fi
  local n
  for n in $STEPS; do
    nginx_streams "$n" "n${n}"
    log "nginx standard, ${n} publishers: warm-up ${WARMUP_SECONDS} s, measure ${MEASURE_SECONDS} s"
    run_driver "nginx-standard-${n}" "$n" "$WARMUP_SECONDS" "$MEASURE_SECONDS" "$rtmp" "${pids[@]}"
    step_line "${RESULTS}/nginx-standard-${n}.json" >&2
    sleep 2
  done
  stop_nginx
}

log "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for server in $SERVERS; do
  case "$server" in
    headwater) run_headwater ;;
    nginx) run_nginx ;;
    *) log "unknown server '$server' in BENCH_SERVERS"; exit 2 ;;
  esac
done
log "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
python3 "${MEDIA_DIR}/summarize-hls.py" "$RESULTS"
log "per-step JSON, samples and driver logs: ${RESULTS}"
