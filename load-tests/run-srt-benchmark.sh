#!/usr/bin/env bash
# SRT ingest benchmark. N publishers replay a pre-encoded 720p30 H.264/AAC MPEG-TS (about 2.6 Mbit/s) in
# real time through libsrt callers (FFmpeg's srt:// output, AES-128 with a passphrase, 120 ms latency):
#
#   headwater-srt      into one Headwater node's SRT listener, with the credentials its API handed out
#   headwater-rtmp     the same stream remuxed to FLV by the same FFmpeg, into the same node's RTMP port
#   srt-live-transmit  into N libsrt listeners (srt-live-transmit ... file://con > /dev/null), the C baseline
#
# Steps of increasing N per target; each measures the receiving processes' CPU and RSS from /proc over a
# window, and whether every stream arrived whole (SRT: no packet dropped too late, no MPEG-TS continuity
# gap; every target: each publisher kept its real-time pace). Then one publisher at increasing rates (real
# H.264 encoded at 5 to 480 Mbit/s) finds the highest single-stream rate each SRT receiver takes without
# loss. Everything stays on 127.0.0.1 and every run stops by itself.
#
#   load-tests/run-srt-benchmark.sh
#
# Knobs (environment): BENCH_STEPS ("1 10 20 40 80"), BENCH_RATES ("5 10 20 40 80 160 240 320 480", Mbit/s),
# BENCH_RATE_WINDOW_PACKETS (65536, the receivers' window in the rate runs),
# BENCH_TARGETS ("headwater-srt headwater-rtmp srt-live-transmit"), BENCH_CONNECT_GAP_MS (100: the
# publishers start this far apart), BENCH_PUBLISHER_NICE (10), BENCH_HEAP (1; 0 skips the live heap),
# BENCH_WARMUP_SECONDS (5),
# BENCH_MEASURE_SECONDS (15), BENCH_RATE_SECONDS (15), BENCH_IDLE_SECONDS (10), BENCH_WARMUP_RUN_SECONDS
# (15, an unrecorded run of the largest step before Headwater's steps), BENCH_HTTP_PORT (18080),
# BENCH_RTMP_PORT (11935), BENCH_SRT_PORT (18890), BENCH_SLT_PORT (19000: srt-live-transmit listener i
# takes port BENCH_SLT_PORT + i), BENCH_MANAGEMENT_PORT (18558), BENCH_CLUSTER_PORT (25599),
# BENCH_NODE_JAVA_OPTS (options for the node's JVM), FFMPEG (an ffmpeg with libx264 and libsrt),
# SKIP_BUILD=1, NO_INSTALL=1 (never apt-get srt-tools), KEEP_DATA=1, BENCH_RESULTS_DIR (default a new
# load-tests/media/target/srt-results-<time>).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

STEPS="${BENCH_STEPS:-1 10 20 40 80}"
RATES="${BENCH_RATES-5 10 20 40 80 160 240 320 480}" # empty: no rate runs
TARGETS="${BENCH_TARGETS:-headwater-srt headwater-rtmp srt-live-transmit}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-5}"
CONNECT_GAP_MS="${BENCH_CONNECT_GAP_MS:-100}"
# The publishers run at nice 10, whichever the target: 80 FFmpeg processes with their libsrt threads
# otherwise keep the receivers waiting for a core (RESULTS.md, "SRT ingest").
PUBLISHER_NICE="${BENCH_PUBLISHER_NICE:-10}"
MEASURE_SECONDS="${BENCH_MEASURE_SECONDS:-15}"
RATE_SECONDS="${BENCH_RATE_SECONDS:-15}"
IDLE_SECONDS="${BENCH_IDLE_SECONDS:-10}"
WARMUP_RUN_SECONDS="${BENCH_WARMUP_RUN_SECONDS:-15}"
HTTP_PORT="${BENCH_HTTP_PORT:-18080}"
RTMP_PORT="${BENCH_RTMP_PORT:-11935}"
SRT_PORT="${BENCH_SRT_PORT:-18890}"
SLT_PORT="${BENCH_SLT_PORT:-19000}"
MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-18558}"
CLUSTER_PORT="${BENCH_CLUSTER_PORT:-25599}"
LOG_TAG=srt-bench
# shellcheck source=media/common.sh
source "${ROOT}/load-tests/media/common.sh"

require_tools java mvn curl python3 jcmd
MAX_STEP=0
for n in $STEPS; do
  [[ "$n" =~ ^[0-9]+$ ]] && (( n >= 1 && n <= 500 )) || { log "step '$n' is not a number in 1..500"; exit 2; }
  (( n > MAX_STEP )) && MAX_STEP=$n
done
for r in $RATES; do
  [[ "$r" =~ ^[0-9]+$ ]] && (( r >= 1 && r <= 1000 )) || { log "rate '$r' is not a number of Mbit/s in 1..1000"; exit 2; }
done

# Every publisher comes from 127.0.0.1, and the rate steps go past the default 100 Mbit/s per connection.
# A broadcast ends 1 s after its publisher left and its segments go 1 s later (defaults 60 s and 30 s), so
# each run's memory holds that run's streams and not the last run's.
BENCH_NODE_JAVA_OPTS="${BENCH_NODE_JAVA_OPTS:-} -Dheadwater.srt.max-connections-per-ip=1000 \
  -Dheadwater.srt.max-payload-rate-mbps=5000 -Dheadwater.ingest.reconnect-window=1s -Dheadwater.hls.segment-grace=1s"
BETWEEN_RUNS=4 # seconds: the broadcasts of the last run end and their segments go
# The single-stream rates run with both receivers' window (receive buffer and flow window) at RATE_WINDOW
# packets instead of libsrt's and Headwater's default 8192: above about 250 Mbit/s a burst fills 8192 packets
# and libsrt 1.5's live sender then stops for good, whichever the receiver (RESULTS.md, "SRT ingest").
RATE_WINDOW="${BENCH_RATE_WINDOW_PACKETS:-65536}"

start_work_dir headwater-srt-bench
RESULTS="${BENCH_RESULTS_DIR:-${MEDIA_DIR}/target/srt-results-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$RESULTS"
STREAMS="${MEDIA_DIR}/target/srt-streams"
WORKLOAD="${STREAMS}/workload-720p30-2500k.ts"
SLT_PIDS=()
PUB_PIDS=()
INPUTS="${WORK_DIR}/inputs.txt" # one live input a line: uid, SRT stream id, SRT passphrase, RTMP stream key

# ---- tools and streams

ensure_srt_tools() {
  command -v srt-live-transmit >/dev/null && return 0
  if [[ "${NO_INSTALL:-0}" == 1 ]]; then log "srt-live-transmit is missing and NO_INSTALL=1"; return 1; fi
  log "installing srt-tools (libsrt's srt-live-transmit) with apt-get"
  apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q srt-tools >&2
}

ffmpeg_with_srt() {
  FFMPEG_BIN="$(find_ffmpeg)"
  [[ -n "$FFMPEG_BIN" ]] || { log "no ffmpeg: install one (apt-get install ffmpeg) or set FFMPEG"; exit 2; }
  "$FFMPEG_BIN" -hide_banner -protocols 2>/dev/null | grep -qx '  srt' \
    || { log "${FFMPEG_BIN} has no srt protocol (libsrt); set FFMPEG to one that has"; exit 2; }
}

# The stream of the rate steps at $1 Mbit/s, encoded once: 10 s of noisy 1080p30 (720p30 below 20 Mbit/s)
# H.264 at that rate (ultrafast: the encoder must reach 480 Mbit/s) + AAC, as MPEG-TS.
rate_stream() {
  local mbps="$1" out="${STREAMS}/rate-${1}M.ts" size=1920x1080
  (( mbps < 20 )) && size=1280x720
  if [[ ! -s "$out" ]]; then
    log "encoding the ${mbps} Mbit/s stream once (${size})"
    mkdir -p "$STREAMS"
    "$FFMPEG_BIN" -hide_banner -loglevel error -y \
      -f lavfi -i "testsrc2=size=${size}:rate=30,noise=alls=$(( mbps >= 160 ? 100 : 40 )):allf=t+u" \
      -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 10 \
      -c:v libx264 -preset ultrafast -pix_fmt yuv420p -b:v "$(( mbps * 1000 - 128 ))k" \
      -maxrate "$(( mbps * 1000 - 128 ))k" -bufsize "$(( mbps * 500 ))k" -g 60 -keyint_min 60 -sc_threshold 0 \
      -c:a aac -b:a 128k -ac 2 -f mpegts "${out}.part" >&2 \
      || { rm -f "${out}.part"; log "encoding the ${mbps} Mbit/s stream failed"; return 1; }
    mv "${out}.part" "$out"
  fi
  echo "$out"
}

# Measured rate of a stream file, Mbit/s: its bytes over its duration (what an SRT publisher sends).
stream_mbps() {
  python3 - "$1" "$("$FFMPEG_BIN" -hide_banner -i "$1" 2>&1 | sed -n 's/.*Duration: \([0-9:.]*\).*/\1/p' | head -n 1)" <<'EOF'
import os, sys
h, m, s = sys.argv[2].split(":")
print(f"{os.path.getsize(sys.argv[1]) * 8 / (int(h) * 3600 + int(m) * 60 + float(s)) / 1e6:.3f}")
EOF
}

# ---- publishers (FFmpeg with libsrt, or its RTMP output)

# Starts one publisher replaying $1 in a loop at its real pace to URL $2 in container $3; its -progress
# output goes to $4. Appends its pid to PUB_PIDS.
start_publisher() {
  local file="$1" url="$2" format="$3" progress="$4"
  nice -n "$PUBLISHER_NICE" "$FFMPEG_BIN" -hide_banner -nostdin -loglevel warning -re -stream_loop -1 -i "$file" -c copy \
    -f "$format" -stats_period 0.1 -progress "$progress" "$url" 2>"${progress%.progress}.log" &
  PUB_PIDS+=($!)
}

# Microseconds of media each publisher has sent so far, one number a line, from its -progress file.
progress_us() {
  local f
  for f in "$@"; do
    { grep -o 'out_time_us=[0-9]*' "$f" 2>/dev/null || echo out_time_us=0; } | tail -n 1 | cut -d= -f2
  done
}

# Waits until every publisher has sent media (so it connected): at most 60 s.
await_publishers() {
  local start=$SECONDS f
  for f in "$@"; do
    until [[ "$(progress_us "$f")" -gt 0 ]]; do
      if (( SECONDS - start > 60 )); then log "a publisher sent nothing in 60 s: $(tail -n 3 "${f%.progress}.log")"; return 1; fi
      sleep 0.2
    done
  done
}

# Sends signal $1 to the pids that follow, waits up to 10 s for all of them together, SIGKILLs the rest.
end_processes() {
  local signal="$1" pid deadline=$(( SECONDS + 10 )); shift
  for pid in "$@"; do kill "-${signal}" "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

# SIGINT lets FFmpeg close its SRT socket (a shutdown packet) or its RTMP stream.
stop_publishers() {
  end_processes INT "${PUB_PIDS[@]}"
  PUB_PIDS=()
}

# ---- srt-live-transmit listeners

start_slt_listeners() { # count, dir, extra URL options: listener i on SLT_PORT + i with the passphrase of input i
  local n="$1" dir="$2" options="${3:-}" i pass
  SLT_PIDS=()
  for (( i = 0; i < n; i++ )); do
    pass="$(sed -n "$(( i + 1 ))p" "$INPUTS" | cut -d' ' -f3)"
    srt-live-transmit -a:no -q -s:250 -pf:json -f -statsout:"${dir}/slt-${i}.stats" \
      "srt://127.0.0.1:$(( SLT_PORT + i ))?mode=listener&passphrase=${pass}${options}" file://con >/dev/null 2>"${dir}/slt-${i}.log" &
    SLT_PIDS+=($!)
  done
  # A listener is ready when its UDP port is bound.
  local start=$SECONDS
  for (( i = 0; i < n; i++ )); do
    until awk -v port=":$(printf '%04X' $(( SLT_PORT + i )))" '$2 ~ port "$" { found = 1 } END { exit !found }' /proc/net/udp; do
      (( SECONDS - start > 30 )) && { log "srt-live-transmit on port $(( SLT_PORT + i )) did not bind"; return 1; }
      sleep 0.1
    done
  done
}

stop_slt_listeners() { # they exit when their caller disconnects (-a:no); the rest get SIGTERM
  local pid deadline=$(( SECONDS + 5 ))
  for pid in "${SLT_PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.1; done
  done
  end_processes TERM "${SLT_PIDS[@]}"
  SLT_PIDS=()
}

# ---- live inputs (Headwater's API)

ensure_inputs() { # at least $1 live inputs in $INPUTS
  while (( $(wc -l <"$INPUTS") < $1 )); do
    curl -sf --max-time 30 -X POST -H "Authorization: Bearer ${TOKEN}" -H 'Content-Type: application/json' \
        -d "{\"meta\":{\"name\":\"srt-load-$(wc -l <"$INPUTS")\"}}" "$API" \
      | python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; print(r["uid"], r["srt"]["streamId"], r["srt"]["passphrase"], r["rtmps"]["streamKey"])' \
      >>"$INPUTS"
  done
}

publisher_url() { # target, input index (0-based)
  local uid stream_id pass key
  read -r uid stream_id pass key < <(sed -n "$(( $2 + 1 ))p" "$INPUTS")
  case "$1" in
    headwater-srt) echo "srt://127.0.0.1:${SRT_PORT}?streamid=${stream_id}&passphrase=${pass}" ;;
    headwater-rtmp) echo "rtmp://127.0.0.1:${RTMP_PORT}/live/${key}" ;;
    srt-live-transmit) echo "srt://127.0.0.1:$(( SLT_PORT + $2 ))?passphrase=${pass}" ;;
  esac
}

# ---- one measured run

# What the receivers counted, as JSON: for Headwater's SRT listener the sum of the "closed:" lines its log
# got after byte offset $2 (waiting up to 15 s for $3 of them); for srt-live-transmit the last statistics
# each listener wrote.
receiver_stats() { # target, node log offset, connections, step directory
  case "$1" in
    headwater-srt)
      local start=$SECONDS
      until (( $(tail -c +"$(( $2 + 1 ))" "${WORK_DIR}/headwater.log" | grep -c 'closed: .*received [0-9]* packets' || true) >= $3 )); do
        (( SECONDS - start > 15 )) && break
        sleep 0.2
      done
      tail -c +"$(( $2 + 1 ))" "${WORK_DIR}/headwater.log" | python3 "${MEDIA_DIR}/srt_receiver_stats.py" headwater ;;
    srt-live-transmit)
      python3 "${MEDIA_DIR}/srt_receiver_stats.py" srt-live-transmit "$4"/slt-*.stats ;;
    *) echo '{}' ;;
  esac
}

# Runs $3 publishers of file $4 against target $1 for the warm-up and a measured window of $5 s, then
# writes ${RESULTS}/$2.json: the /proc window, each publisher's pace in the window, the receivers' counts.
measure_run() { # target, tag, publishers, stream file, seconds
  local target="$1" tag="$2" n="$3" file="$4" seconds="$5" dir="${WORK_DIR}/$2" i
  mkdir -p "$dir"
  local format=mpegts
  [[ "$target" == headwater-rtmp ]] && format=flv
  [[ "$target" == srt-live-transmit ]] && start_slt_listeners "$n" "$dir" "${SLT_OPTIONS:-}"
  local offset=0
  [[ -f "${WORK_DIR}/headwater.log" ]] && offset="$(stat -c %s "${WORK_DIR}/headwater.log")"
  local progress=()
  # One publisher every CONNECT_GAP_MS: an FFmpeg process takes about 0.1 CPU-seconds to start, so 80 of
  # them at once keep a 2-core machine busy for seconds, and a caller gives up after libsrt's 3 s connect
  # timeout.
  for (( i = 0; i < n; i++ )); do
    progress+=("${dir}/pub-${i}.progress")
    start_publisher "$file" "$(publisher_url "$target" "$i")" "$format" "${dir}/pub-${i}.progress"
    if (( i + 1 < n )); then sleep "$(( CONNECT_GAP_MS / 1000 )).$(printf '%03d' $(( CONNECT_GAP_MS % 1000 )))"; fi
  done
  await_publishers "${progress[@]}" || { stop_publishers; stop_slt_listeners; return 1; }
  sleep "$WARMUP_SECONDS"

  local groups=(--group "publishers=$(IFS=,; echo "${PUB_PIDS[*]}")")
  if [[ "$target" == srt-live-transmit ]]; then
    groups+=(--group "server=$(IFS=,; echo "${SLT_PIDS[*]}")")
  else
    groups+=(--group "server=${NODE_PID}")
    [[ -n "$CASSANDRA_PID" ]] && groups+=(--group "cassandra=${CASSANDRA_PID}")
    # The live heap, after the window: in the steps only (the rates need none, and the full GC's pause is
    # a burst the UDP socket buffer has to absorb, as large as net.core.rmem_max allows).
    [[ "$tag" == *-rate-* || "${BENCH_HEAP:-1}" == 0 ]] || groups+=(--heap-of server)
  fi
  python3 "${MEDIA_DIR}/proc_window.py" --seconds "$seconds" --out "${dir}/window.json" "${groups[@]}" \
    --progress "${progress[@]}"
  stop_publishers
  [[ "$target" == srt-live-transmit ]] && stop_slt_listeners
  receiver_stats "$target" "$offset" "$n" "$dir" >"${dir}/receivers.json"

  python3 - "$target" "$n" "$(stream_mbps "$file")" "${dir}/window.json" "${dir}/receivers.json" \
      >"${RESULTS}/${tag}.json" <<'EOF'
import json, sys
target, n, mbps, window, receivers = sys.argv[1:6]
w = json.load(open(window))
json.dump({"target": target, "publishers": int(n), "streamMbps": float(mbps), "paces": w.pop("paces"),
           "window": w, "receivers": json.load(open(receivers))}, sys.stdout, indent=1)
EOF
  python3 "${MEDIA_DIR}/summarize-srt.py" --line "${RESULTS}/${tag}.json" >&2
}

# ---- targets

run_node_steps() { # target (headwater-srt or headwater-rtmp)
  local n
  for n in $STEPS; do
    log "${1}, ${n} publishers: warm-up ${WARMUP_SECONDS} s, measure ${MEASURE_SECONDS} s"
    measure_run "$1" "${1}-${n}" "$n" "$WORKLOAD" "$MEASURE_SECONDS"
    sleep "$BETWEEN_RUNS"
  done
}

run_rates() { # target: one publisher at each rate until one does not arrive whole
  local r file
  for r in $RATES; do
    file="$(rate_stream "$r")" || exit 1
    log "${1}, one publisher at ${r} Mbit/s: warm-up ${WARMUP_SECONDS} s, measure ${RATE_SECONDS} s"
    measure_run "$1" "${1}-rate-${r}" 1 "$file" "$RATE_SECONDS"
    python3 "${MEDIA_DIR}/summarize-srt.py" --whole "${RESULTS}/${1}-rate-${r}.json" \
      || { log "${1} did not take ${r} Mbit/s whole; no higher rates"; break; }
    sleep "$BETWEEN_RUNS"
  done
}

run_headwater() {
  start_headwater "${WORK_DIR}/headwater-data" "${WORK_DIR}/headwater.log"
  : >"$INPUTS"
  ensure_inputs "$MAX_STEP"
  if (( WARMUP_RUN_SECONDS > 0 )); then
    log "Headwater warm-up run: ${MAX_STEP} SRT publishers for ${WARMUP_RUN_SECONDS} s (not in the tables)"
    measure_run headwater-srt warmup "$MAX_STEP" "$WORKLOAD" "$WARMUP_RUN_SECONDS"
    rm -f "${RESULTS}/warmup.json"
    sleep "$BETWEEN_RUNS"
  fi
  log "Headwater idle: ${IDLE_SECONDS} s with no publisher"
  local idle=(--group "server=${NODE_PID}" --heap-of server)
  [[ -n "$CASSANDRA_PID" ]] && idle+=(--group "cassandra=${CASSANDRA_PID}")
  python3 "${MEDIA_DIR}/proc_window.py" --seconds "$IDLE_SECONDS" --out "${WORK_DIR}/idle.json" "${idle[@]}"
  python3 -c 'import json,sys; json.dump({"target": "headwater-idle", "publishers": 0, "window": json.load(open(sys.argv[1]))}, sys.stdout)' \
    "${WORK_DIR}/idle.json" >"${RESULTS}/headwater-idle.json"
  local target
  for target in $TARGETS; do
    case "$target" in headwater-srt|headwater-rtmp) run_node_steps "$target" ;; esac
  done
  cp "${WORK_DIR}/headwater.log" "${RESULTS}/headwater-node.log"
  stop_node
  [[ " $TARGETS " == *" headwater-srt "* && -n "$RATES" ]] || return 0
  # The rates run on a node of their own: its larger window would add to the memory of every connection above.
  local opts="$BENCH_NODE_JAVA_OPTS"
  BENCH_NODE_JAVA_OPTS="${opts} -Dheadwater.srt.receive-buffer-packets=${RATE_WINDOW}"
  start_headwater "${WORK_DIR}/headwater-rates-data" "${WORK_DIR}/headwater.log"
  BENCH_NODE_JAVA_OPTS="$opts"
  : >"$INPUTS"
  ensure_inputs 1
  run_rates headwater-srt
  cp "${WORK_DIR}/headwater.log" "${RESULTS}/headwater-rates-node.log"
  stop_node
}

run_srt_live_transmit() {
  ensure_srt_tools || exit 2
  local n
  for n in $STEPS; do
    log "srt-live-transmit, ${n} listeners and publishers: warm-up ${WARMUP_SECONDS} s, measure ${MEASURE_SECONDS} s"
    measure_run srt-live-transmit "srt-live-transmit-${n}" "$n" "$WORKLOAD" "$MEASURE_SECONDS"
  done
  SLT_OPTIONS="&fc=${RATE_WINDOW}&rcvbuf=$(( RATE_WINDOW * 1472 ))" run_rates srt-live-transmit
}

cleanup_children() { stop_publishers; stop_slt_listeners; }
exit_status() { return "$1"; }
trap 'rc=$?; set +e; cleanup_children; exit_status $rc; cleanup' EXIT # errexit would end the trap early

ffmpeg_with_srt
build_jar
# It caps both receivers' UDP socket buffers (Headwater asks for 32 MiB, libsrt for 8192 x 1472 bytes).
log "net.core.rmem_max: $(cat /proc/sys/net/core/rmem_max 2>/dev/null || echo unknown) bytes"
encode_test_stream "$WORKLOAD" mpegts
[[ " $TARGETS " == *" srt-live-transmit "* ]] && { ensure_srt_tools || exit 2; }
: >"$INPUTS"
if [[ " $TARGETS " == *" headwater-"* ]]; then
  run_headwater
fi
if [[ " $TARGETS " == *" srt-live-transmit "* ]]; then
  # The listeners take passphrases of the form the API hands out, made up here.
  : >"$INPUTS"
  while (( $(wc -l <"$INPUTS") < MAX_STEP )); do
    echo "x x $(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n') x" >>"$INPUTS"
  done
  run_srt_live_transmit
fi

echo
python3 "${MEDIA_DIR}/summarize-srt.py" "$RESULTS"
log "per-run JSON and the node's log: ${RESULTS}"
