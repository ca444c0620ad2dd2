package io.headwater.media.ts.codec;

import static io.headwater.media.ts.codec.TsFixtures.H264_AAC;
import static io.headwater.media.ts.codec.TsFixtures.HEVC_AAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.it.Ffmpeg;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FFmpeg reads what the muxer writes as a player would. The frames of each golden file, demuxed by us and muxed by
 * us, are listed by ffprobe with the timestamps and keyframe flags we gave them, and FFmpeg decodes them without a
 * word on stderr into pictures and sound identical, frame for frame, to what it decodes from its own file.
 */
class TsMuxerFfmpegTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {H264_AAC, HEVC_AAC})
  void ffprobeListsOurTimestampsAndFfmpegDecodesTheSamePicturesAndSound(String name) throws Exception {
    List<MediaItem> items = TsFixtures.interleaved(TsFixtures.demux(TsFixtures.ts(name)));
    Path ts = Files.write(dir.resolve(name + ".ts"), TsFixtures.mux(items));

    List<String> packets = run(List.of(Ffmpeg.ffprobeBinary(), "-v", "error", "-show_entries",
        "packet=stream_index,pts,dts,flags", "-of", "csv=p=0", ts.toString())).lines().toList();
    assertEquals(describe(TsFixtures.frames(items, MediaKind.VIDEO), 0),
        packets.stream().filter(p -> p.startsWith("0,")).map(TsMuxerFfmpegTest::withoutOtherFlags).toList());
    assertEquals(describe(TsFixtures.frames(items, MediaKind.AUDIO), 1),
        packets.stream().filter(p -> p.startsWith("1,")).map(TsMuxerFfmpegTest::withoutOtherFlags).toList());

    String framemd5 = run(List.of(Ffmpeg.ffmpegBinary(), "-hide_banner", "-nostdin", "-v", "error", "-i",
        ts.toString(), "-f", "framemd5", "-"));
    List<String> ours = TsFixtures.frameHashes(framemd5);
    List<String> ffmpegs = TsFixtures.frameHashes(String.join("\n", TsFixtures.lines(name + ".framemd5")));
    assertEquals(TsFixtures.frames(items, MediaKind.VIDEO).size() + TsFixtures.frames(items, MediaKind.AUDIO).size(),
        ours.size(), "one decoded frame per frame muxed");
    for (String stream : List.of("0 ", "1 ")) {
      assertEquals(ffmpegs.stream().filter(h -> h.startsWith(stream)).toList(),
          ours.stream().filter(h -> h.startsWith(stream)).toList(), "decoded frames of stream " + stream);
    }
  }

  /** ffprobe's csv line for each frame: stream, pts, dts, K or _. */
  private static List<String> describe(List<MediaFrame> frames, int stream) {
    return frames.stream().map(f -> stream + "," + f.pts() + "," + f.dts() + "," + (f.keyframe() ? "K" : "_"))
        .toList();
  }

  private static String withoutOtherFlags(String csv) {
    String[] f = csv.split(",");
    return f[0] + "," + f[1] + "," + f[2] + "," + f[3].charAt(0);
  }

  /** Runs a command within 30 s; it must exit 0 and write nothing to stderr. Returns its stdout. */
  private String run(List<String> command) throws IOException, InterruptedException {
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "finished within 30 s: " + command);
    String stderr = Files.readString(err);
    assertEquals(0, process.exitValue(), () -> command + " failed: " + stderr);
    assertEquals("", stderr, () -> command + " complained");
    return new String(out, StandardCharsets.UTF_8);
  }
}
