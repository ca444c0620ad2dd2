#!/usr/bin/env bash
# Transcoding benchmark (issue 6): CPU-seconds per media-second of the default ladder from a 1080p30 source,
# in Headwater's production path (stream hub, lag gate, transcoder on its dispatcher, HLS packaging) and in the
# FFmpeg command line (JavaCV's binary: the FFmpeg and x264 Headwater links) running the same ladder on the same
# file, in the same run; then how many ladders run side by side in real time without a dropped frame.
#
#   load-tests/run-transcode-benchmark.sh
#
# Knobs (environment): BENCH_SECONDS (30, media seconds per measured run), BENCH_ROUNDS (3 rounds of
# passthrough, Headwater ladder and FFmpeg ladder, alternating; medians reported), BENCH_MAX_LADDERS (4),
# HEADWATER_TRANSCODE_PRESET (veryfast, both sides), FFMPEG (another ffmpeg binary; default JavaCV's),
# SKIP_BUILD=1 (never build the jar), BENCH_JAVA_OPTS (options for the benchmark's JVM).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIR="${ROOT}/load-tests/transcode"
CLASSES="${DIR}/target/classes"
SOURCE="${DIR}/target/source-1080p30.ts"
log() { printf '[transcode-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
for tool in java javac mvn; do command -v "$tool" >/dev/null || { log "missing: $tool"; exit 2; }; done

if [[ "${SKIP_BUILD:-0}" != 1 ]] && { [[ ! -f target/headwater.jar ]] \
    || [[ -n "$(find src pom.xml -newer target/headwater.jar -print -quit)" ]]; }; then
  log "building target/headwater.jar"
  mvn -B -q package -DskipTests
fi
[[ -f target/headwater.jar ]] || { log "no target/headwater.jar"; exit 2; }
rm -rf "$CLASSES"; mkdir -p "$CLASSES"
javac -d "$CLASSES" -cp target/headwater.jar $(find "${DIR}/src" -name '*.java')

FFMPEG_BIN="${FFMPEG:-javacv}"
if [[ ! -s "$SOURCE" ]]; then
  encoder="$FFMPEG_BIN"
  if [[ "$encoder" == javacv ]]; then
    encoder="$(java -cp target/headwater.jar:"$CLASSES" io.headwater.load.transcode.FfmpegBinary)"
  fi
  log "encoding the source once with ${encoder}: 30 s, 1920x1080 30 fps H.264 (2 s GOP, 6 Mbit/s, noise) + AAC 128 kbit/s"
  # Noise keeps the rate controller at its target; without it the test pattern compresses to almost nothing.
  "$encoder" -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=1920x1080:rate=30,noise=alls=10:allf=t+u" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 30 \
    -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p \
    -b:v 6000k -maxrate 6000k -bufsize 6000k -g 60 -keyint_min 60 -sc_threshold 0 \
    -c:a aac -b:a 128k -ac 2 -f mpegts "${SOURCE}.part"
  mv "${SOURCE}.part" "$SOURCE"
fi

OUT="$(mktemp -d "${TMPDIR:-/tmp}/transcode-bench.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
log "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile="${DIR}/logback.xml" \
  -Dbench.seconds="${BENCH_SECONDS:-30}" -Dbench.rounds="${BENCH_ROUNDS:-3}" -Dbench.maxLadders="${BENCH_MAX_LADDERS:-4}" \
  -cp "${CLASSES}:target/headwater.jar" io.headwater.load.transcode.TranscodeBenchmark "$SOURCE" "$FFMPEG_BIN" "$OUT"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
