# Shell functions shared by load-tests/run-media-benchmark.sh and load-tests/run-hls-benchmark.sh; sourced,
# not run. The caller sets ROOT (the repository), LOG_TAG (its log prefix), HTTP_PORT, RTMP_PORT,
# MANAGEMENT_PORT and CLUSTER_PORT, then calls start_work_dir.

TOKEN="headwater-load-test-token-0123456789abcdef"
ACCOUNT="0ad0000000000000000000000000b001"
URL="http://127.0.0.1:${HTTP_PORT}"
API="${URL}/client/v4/accounts/${ACCOUNT}/stream/live_inputs"
MEDIA_DIR="${ROOT}/load-tests/media"
CLASSES="${MEDIA_DIR}/target/classes"
FLV="${MEDIA_DIR}/target/test-720p30-2500k.flv"
CLK_TCK="$(getconf CLK_TCK)"
NODE_PID=""
CASSANDRA_PID=""
NGINX_PID=""
NGINX_WORKER=""
NGINX_MODULE=""
WORK_DIR=""
EXTRA_DIR=""

log() { printf '[%s %s] %s\n' "$LOG_TAG" "$(date +%H:%M:%S)" "$*" >&2; }

require_tools() {
  local tool
  for tool in "$@"; do command -v "$tool" >/dev/null || { log "missing: $tool"; exit 2; }; done
}

# Creates WORK_DIR, a new directory named after $1, and traps EXIT, INT and TERM: both servers are stopped,
# EXTRA_DIR (if the caller set it) is removed, and WORK_DIR too unless the run failed or KEEP_DATA=1.
start_work_dir() {
  WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

cleanup() {
  local rc=$?
  stop_node
  stop_nginx
  [[ -n "$EXTRA_DIR" ]] && rm -rf "$EXTRA_DIR"
  if [[ "${KEEP_DATA:-0}" == 1 || $rc -ne 0 ]]; then
    log "work directory (node data, logs) kept in ${WORK_DIR}"
  else
    rm -rf "$WORK_DIR"
  fi
  exit $rc
}

# The jar if it is missing or older than the sources (SKIP_BUILD=1 never builds).
build_jar() {
  if [[ "${SKIP_BUILD:-0}" != 1 ]] && { [[ ! -f target/headwater.jar || ! -d target/classes ]] \
      || [[ -n "$(find src pom.xml -newer target/headwater.jar -print -quit)" ]]; }; then
    log "building target/headwater.jar"
    mvn -B -q package -DskipTests
  fi
  [[ -f target/headwater.jar && -d target/classes ]] || { log "no target/headwater.jar"; exit 2; }
}

# The jar (build_jar), and the driver (load-tests/media/src, compiled with javac against target/classes) if
# its sources or the RTMP codecs changed.
build_jar_and_driver() {
  build_jar
  local stamp="${CLASSES}/.compiled"
  if [[ ! -f "$stamp" ]] || [[ -n "$(find "${MEDIA_DIR}/src" target/classes/io/headwater/media/rtmp/codec \
      target/classes/io/headwater/media/hls/codec -newer "$stamp" -print -quit)" ]]; then
    log "compiling the driver into ${CLASSES}"
    rm -rf "$CLASSES"; mkdir -p "$CLASSES"
    javac -d "$CLASSES" -cp target/classes $(find "${MEDIA_DIR}/src" -name '*.java')
    touch "$stamp"
  fi
}

find_ffmpeg() {
  if [[ -n "${FFMPEG:-}" ]]; then echo "$FFMPEG"; return; fi
  if command -v ffmpeg >/dev/null; then command -v ffmpeg; return; fi
  local cached
  cached="$(ls -1 "$HOME"/.javacpp/cache/ffmpeg-*/org/bytedeco/ffmpeg/linux-x86_64*/ffmpeg 2>/dev/null | head -n 1 || true)"
  [[ -n "$cached" ]] && echo "$cached"
}

# The test stream, encoded once and cached in $FLV (not committed).
ensure_test_stream() {
  encode_test_stream "$FLV" flv
}

# Encodes the test stream into $1 in container $2 (flv, mpegts) unless it is there: 30 s, 1280x720 30 fps
# H.264 (2 s GOP, 2372 kbit/s) + AAC 128 kbit/s.
encode_test_stream() {
  local out="$1" format="$2"
  if [[ ! -s "$out" ]]; then
    local ffmpeg_bin
    ffmpeg_bin="$(find_ffmpeg)"
    [[ -n "$ffmpeg_bin" ]] || { log "no ffmpeg: install one (apt-get install ffmpeg) or set FFMPEG"; exit 2; }
    log "encoding the test stream once with ${ffmpeg_bin}: 30 s, 1280x720 30 fps H.264 (2 s GOP, 2372 kbit/s) + AAC 128 kbit/s"
    mkdir -p "$(dirname "$out")"
    # Noise keeps the rate controller at its target; without it the test pattern compresses to almost nothing.
    "$ffmpeg_bin" -hide_banner -loglevel error -y \
      -f lavfi -i "testsrc2=size=1280x720:rate=30,noise=alls=10:allf=t+u" \
      -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 30 \
      -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p \
      -b:v 2372k -maxrate 2372k -bufsize 2372k -g 60 -keyint_min 60 -sc_threshold 0 \
      -c:a aac -b:a 128k -ac 2 -f "$format" "${out}.part"
    mv "${out}.part" "$out"
  fi
  log "test stream: ${out} ($(( $(stat -c %s "$out") / 1024 )) KiB)"
}

# ---- Headwater

# Starts a node on 127.0.0.1 with data in $1 and its output in $2, waits until the API answers, and sets
# NODE_PID and CASSANDRA_PID (its embedded Cassandra child, empty if none was found). BENCH_NODE_JAVA_OPTS
# (word-split) goes to the node's JVM, e.g. "-Xlog:gc:file=/tmp/gc.log". SRT_PORT (18890) is its SRT port.
# Transcoding is off unless BENCH_TRANSCODE=true: these benchmarks measure ingest and packaging, and the
# transcoding benchmark measures the ladder on its own.
start_headwater() {
  local data="$1" node_log="$2"
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
  HEADWATER_SRT_INTERFACE=127.0.0.1 HEADWATER_SRT_PORT="${SRT_PORT:-18890}" HEADWATER_DATA_DIR="$data" \
  HEADWATER_TRANSCODE_ENABLED="${BENCH_TRANSCODE:-false}" \
  HEADWATER_API_TOKEN="$TOKEN" HEADWATER_ACCOUNT_ID="$ACCOUNT" \
    java ${BENCH_NODE_JAVA_OPTS:-} -Dheadwater.rtmp.max-connections-per-ip=1000 -jar target/headwater.jar >"$node_log" 2>&1 &
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
  CASSANDRA_PID=""
  local child
  for child in $(pgrep -P "$NODE_PID" || true); do
    if tr '\0' ' ' <"/proc/${child}/cmdline" 2>/dev/null | grep -qi cassandra; then CASSANDRA_PID="$child"; fi
  done
  [[ -n "$CASSANDRA_PID" ]] || log "no embedded Cassandra child found under pid ${NODE_PID}; measuring the node only"
}

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

# Creates a live input with the JSON body $1 and prints "<uid> <stream key>".
create_input() {
  curl -sf --max-time 30 -X POST -H "Authorization: Bearer ${TOKEN}" -H 'Content-Type: application/json' \
      -d "$1" "$API" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; print(r["uid"], r["rtmps"]["streamKey"])'
}

# ---- nginx with the RTMP module

# Sets NGINX_MODULE; installs nginx and libnginx-mod-rtmp with apt-get when missing, unless NO_INSTALL=1.
# Returns 1 when they are missing and cannot be installed.
ensure_nginx_rtmp() {
  NGINX_MODULE="$(ls -1 /usr/lib/nginx/modules/ngx_rtmp_module.so 2>/dev/null || true)"
  if [[ -z "$NGINX_MODULE" || ! -x "$(command -v nginx || true)" ]]; then
    if [[ "${NO_INSTALL:-0}" == 1 ]]; then log "nginx or its RTMP module is missing and NO_INSTALL=1"; return 1; fi
    log "installing nginx and libnginx-mod-rtmp with apt-get"
    apt-get update -q >&2 || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx libnginx-mod-rtmp >&2 || return 1
    NGINX_MODULE="$(ls -1 /usr/lib/nginx/modules/ngx_rtmp_module.so 2>/dev/null || true)"
    [[ -n "$NGINX_MODULE" ]] || return 1
  fi
}

# Starts nginx with one worker from directory $1, its rtmp{} server block body $2 and optional extra
# top-level blocks $3 (an http{} server, say); sets NGINX_PID (the master) and NGINX_WORKER.
start_nginx() {
  local dir="$1" rtmp_server="$2" extra="${3:-}"
  mkdir -p "${dir}/logs"
  cat >"${dir}/nginx.conf" <<EOF
load_module ${NGINX_MODULE};
daemon off;
master_process on;
worker_processes 1;
user root;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 4096; }
rtmp {
  server {
${rtmp_server}
  }
}
${extra}
EOF
  nginx -p "$dir" -c "${dir}/nginx.conf" -t 2>/dev/null || { nginx -p "$dir" -c "${dir}/nginx.conf" -t; exit 1; }
  nginx -p "$dir" -c "${dir}/nginx.conf" >"${dir}/logs/stdout.log" 2>&1 &
  NGINX_PID=$!
  NGINX_WORKER=""
  for _ in $(seq 1 50); do NGINX_WORKER="$(pgrep -P "$NGINX_PID" | head -n 1 || true)"; [[ -n "$NGINX_WORKER" ]] && break; sleep 0.1; done
  [[ -n "$NGINX_WORKER" ]] || { log "nginx started no worker"; cat "${dir}/logs/error.log" >&2; exit 1; }
  log "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') with ${NGINX_MODULE##*/}: master ${NGINX_PID}, worker ${NGINX_WORKER}"
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
