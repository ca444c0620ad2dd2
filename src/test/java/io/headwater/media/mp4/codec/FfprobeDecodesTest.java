package io.headwater.media.mp4.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.flv.codec.FlvCodecException;
import io.headwater.media.flv.codec.FlvTag;
import io.headwater.media.flv.codec.FlvTagDecoder;
import io.headwater.media.mp4.codec.MediaSegment.TrackSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real decoder reads what we write. FFmpeg (JavaCV's bundled binary) encodes two seconds of a 640x360 30 fps
 * test picture (H.264 and HEVC with B-frames, AV1, VP9) and a 48 kHz stereo tone (AAC, Opus) into an (enhanced)
 * FLV file; the FLV codec turns its tags into media items, as it does for an RTMP publish; we write an init segment
 * and two media segments cut at the keyframe near one second, the second made of two LL-HLS parts. ffprobe decodes
 * them through an HLS playlist, as a player would, and as one concatenated file, counting every frame of both
 * tracks and reporting every packet's timestamps, which must be the publisher's.
 */
class FfprobeDecodesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HALF_SECOND = 45_000;

  @TempDir Path dir;

  static Stream<Arguments> encoders() {
    return Stream.of(
        Arguments.of("H.264 with B-frames + AAC-LC", List.of("-c:v", "libx264", "-preset", "veryfast", "-bf", "2"),
            List.of("-c:a", "aac", "-b:a", "128k"), "h264", "aac"),
        Arguments.of("HEVC with B-frames + Opus", List.of("-c:v", "libx265", "-preset", "ultrafast", "-bf", "2",
            "-x265-params", "log-level=error:keyint=30:min-keyint=30:scenecut=0"), List.of("-c:a", "libopus"),
            "hevc", "opus"),
        Arguments.of("AV1 + Opus", List.of("-c:v", "libsvtav1", "-preset", "12"), List.of("-c:a", "libopus"),
            "av1", "opus"),
        Arguments.of("VP9 + AAC-LC", List.of("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"),
            List.of("-c:a", "aac"), "vp9", "aac"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encoders")
  void ffprobeDecodesEveryFrameOfAnInitAndTwoSegmentsWithTheirTimestamps(String name, List<String> videoArgs,
      List<String> audioArgs, String videoCodec, String audioCodec) throws Exception {
    Path flv = dir.resolve("source.flv");
    List<String> ffmpeg = new ArrayList<>(List.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class), "-hide_banner",
        "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "2", "-g", "30", "-pix_fmt", "yuv420p"));
    ffmpeg.addAll(videoArgs);
    ffmpeg.addAll(audioArgs);
    ffmpeg.addAll(List.of("-ar", "48000", "-ac", "2", "-f", "flv", flv.toString()));
    run(ffmpeg);
    List<MediaItem> items = decodeFlv(Files.readAllBytes(flv));
    List<MediaFrame> video = frames(items, MediaKind.VIDEO);
    List<MediaFrame> audio = frames(items, MediaKind.AUDIO);
    assertEquals(60, video.size(), "frames FFmpeg encoded");
    long cut = video.stream().filter(MediaFrame::keyframe).mapToLong(MediaFrame::dts).max().orElseThrow();
    // -g 30: the second GOP starts at frame 30, near 1 s (encoders shift timestamps by their delays)
    assertTrue(Math.abs(cut - 90_000) < 9000, "the second GOP starts near 1 s, not at " + cut);

    Mp4Track v = Mp4Track.of(1, config(items, MediaKind.VIDEO));
    Mp4Track a = Mp4Track.of(2, config(items, MediaKind.AUDIO));
    byte[] init = InitSegment.encode(List.of(v, a));
    byte[] first = fragment(1, v, a, between(video, 0, cut), between(audio, 0, cut), cut, cut, true);
    // The second segment as two LL-HLS parts, the second starting mid-GOP and without a styp
    long part = cut + HALF_SECOND;
    byte[] second = concat(
        fragment(2, v, a, between(video, cut, part), between(audio, cut, part), part, part, true),
        fragment(3, v, a, between(video, part, Long.MAX_VALUE), between(audio, part, Long.MAX_VALUE), end(video),
            end(audio), false));
    Path mp4 = write("stream.mp4", concat(init, first, second));
    write("init.mp4", init);
    write("1.m4s", first);
    write("2.m4s", second);
    Path playlist = Files.writeString(dir.resolve("index.m3u8"), String.join("\n", "#EXTM3U", "#EXT-X-VERSION:7",
        "#EXT-X-TARGETDURATION:1", "#EXT-X-MAP:URI=\"init.mp4\"", "#EXTINF:1.0,", "1.m4s", "#EXTINF:1.0,", "2.m4s",
        "#EXT-X-ENDLIST", ""));

    String frames = video.size() + " frames, " + audioCodec + " " + audio.size() + " frames";
    assertEquals(videoCodec + " " + frames, streams(probe(playlist, "stream=codec_name,nb_read_frames")),
        "decoded through the HLS demuxer, as a player reads the playlist");
    JsonNode probe = probe(mp4, "stream=codec_name,width,height,nb_read_frames,sample_rate,time_base"
        + ":packet=stream_index,pts,dts");
    assertEquals(videoCodec + " 640x360 in 1/90000: " + frames.replace(audioCodec, audioCodec
        + " 48000 Hz in 1/48000:"), streams(probe), "decoded as one file");

    List<String> videoPackets = new ArrayList<>();
    List<String> audioPackets = new ArrayList<>();
    for (JsonNode p : probe.path("packets")) {
      String times = "dts=" + p.path("dts").asLong() + " pts=" + p.path("pts").asLong();
      (p.path("stream_index").asInt() == 0 ? videoPackets : audioPackets).add(times);
    }
    assertEquals(video.stream().map(f -> "dts=" + f.dts() + " pts=" + f.pts()).toList(), videoPackets);
    assertEquals(audio.stream().map(f -> "dts=" + a.toTimescale(f.dts()) + " pts=" + a.toTimescale(f.pts())).toList(),
        audioPackets);
  }

  /** One frame after the last one: its decode time plus the one before's duration. */
  private static long end(List<MediaFrame> frames) {
    long last = frames.get(frames.size() - 1).dts();
    return 2 * last - frames.get(frames.size() - 2).dts();
  }

  private static byte[] fragment(long sequence, Mp4Track v, Mp4Track a, List<MediaFrame> video,
      List<MediaFrame> audio, long videoNext, long audioNext, boolean startsSegment) {
    return MediaSegment.encode(sequence, List.of(new TrackSamples(v, Mp4Sample.timed(v, video, videoNext)),
        new TrackSamples(a, Mp4Sample.timed(a, audio, audioNext))), startsSegment);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  /** ffprobe's streams as "codec [WxH] [rate Hz] [in time base:] N frames", comma-separated. */
  private static String streams(JsonNode probe) {
    List<String> streams = new ArrayList<>();
    for (JsonNode s : probe.path("streams")) {
      streams.add(s.path("codec_name").asText()
          + (s.has("width") ? " " + s.path("width").asInt() + "x" + s.path("height").asInt() : "")
          + (s.has("sample_rate") ? " " + s.path("sample_rate").asText() + " Hz" : "")
          + (s.has("time_base") ? " in " + s.path("time_base").asText() + ":" : "")
          + " " + s.path("nb_read_frames").asText() + " frames");
    }
    return String.join(", ", streams);
  }

  /** ffprobe decoding every frame of {@code input}, its answer as JSON. */
  private JsonNode probe(Path input, String entries) throws IOException, InterruptedException {
    return JSON.readTree(run(List.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class), "-v", "error", "-count_frames",
        "-show_entries", entries, "-of", "json", input.toString())));
  }

  /** An FLV file (FLV 10.1 E.2, E.3): a 9-byte header, then PreviousTagSize and a tag, over and over. */
  private static List<MediaItem> decodeFlv(byte[] file) throws FlvCodecException {
    ByteBuffer in = ByteBuffer.wrap(file);
    assertEquals("FLV", new String(file, 0, 3, StandardCharsets.US_ASCII));
    in.position(in.getInt(5));
    FlvTagDecoder decoder = new FlvTagDecoder();
    List<MediaItem> items = new ArrayList<>();
    while (in.remaining() > 4 + 11) {
      in.getInt(); // PreviousTagSize
      int type = in.get() & 0x1f;
      int size = (in.get() & 0xff) << 16 | (in.getShort() & 0xffff);
      long timestamp = (in.get() & 0xff) << 16 | (in.getShort() & 0xffff) | (long) (in.get() & 0xff) << 24;
      in.position(in.position() + 3); // StreamID
      byte[] body = new byte[size];
      in.get(body);
      if (type == FlvTag.AUDIO || type == FlvTag.VIDEO) {
        items.addAll(decoder.decode(new FlvTag(type, timestamp, body)));
      }
    }
    return items;
  }

  private static CodecConfig config(List<MediaItem> items, MediaKind kind) {
    return items.stream().filter(i -> i instanceof CodecConfig c && c.kind() == kind).map(CodecConfig.class::cast)
        .findFirst().orElseThrow();
  }

  private static List<MediaFrame> frames(List<MediaItem> items, MediaKind kind) {
    return items.stream().filter(i -> i instanceof MediaFrame f && f.kind() == kind).map(MediaFrame.class::cast)
        .toList();
  }

  /** The frames with from <= dts < to. */
  private static List<MediaFrame> between(List<MediaFrame> frames, long from, long to) {
    return frames.stream().filter(f -> f.dts() >= from && f.dts() < to).toList();
  }

  /** Runs a command to completion within a minute and returns its standard output; it must exit 0. */
  private String run(List<String> command) throws IOException, InterruptedException {
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "finished within a minute: " + command.get(0));
    assertEquals(0, process.exitValue(), () -> command + " failed: " + readString(err));
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String readString(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
