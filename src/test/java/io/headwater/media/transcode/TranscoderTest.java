package io.headwater.media.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.it.Ffmpeg;
import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.ts.codec.TsFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transcoder on a real H.264 + AAC source with B-frames: each rung strictly below the source, at the
 * source's keyframe times (so segments align), with the source's audio, decodable by FFmpeg; a keyframe skipped
 * to catch up is still a rung keyframe; sources it cannot decode fail with a reason.
 */
class TranscoderTest {
  static final TranscodeSettings SETTINGS = settings(List.of(new TranscodeSettings.Rung("240p", 240, 300),
      new TranscodeSettings.Rung("180p", 180, 200), new TranscodeSettings.Rung("360p", 360, 700)));

  @TempDir Path dir;

  static TranscodeSettings settings(List<TranscodeSettings.Rung> ladder) {
    return new TranscodeSettings(true, "ultrafast", ladder, Duration.ofSeconds(3), 0, "unused");
  }

  @Test
  void everyRungBelowTheSourceHasItsKeyframeTimesItsAudioAndDecodes() throws Exception {
    List<MediaItem> source = SourceStreams.h264(640, 360, 4, 30);
    Map<Integer, List<MediaItem>> rungs = transcode(SETTINGS, source.stream().map(Work::of).toList());

    assertEquals(List.of(0, 1), List.copyOf(rungs.keySet()), "240p and 180p; 360p is not below the 360p source");
    List<MediaFrame> video = SourceStreams.frames(source, MediaKind.VIDEO);
    List<MediaFrame> audio = SourceStreams.frames(source, MediaKind.AUDIO);
    long start = video.get(0).dts();
    String[] sizes = {"426x240", "320x180"};
    for (int rung : rungs.keySet()) {
      List<MediaItem> items = rungs.get(rung);
      CodecConfig config = assertInstanceOf(CodecConfig.class, items.get(0));
      assertEquals(Codec.H264, config.codec());
      assertEquals(sizes[rung], config.width() + "x" + config.height());
      assertTrue(config.codecString().startsWith("avc1."), config.codecString());
      assertEquals(source.stream().filter(i -> i instanceof CodecConfig c && c.kind() == MediaKind.AUDIO).findFirst()
          .orElseThrow(), items.get(1), "the source's audio configuration");

      List<MediaFrame> rungVideo = SourceStreams.frames(items, MediaKind.VIDEO);
      assertEquals(video.size(), rungVideo.size(), "one rung picture per source picture");
      assertEquals(keyframeDts(video), keyframeDts(rungVideo), "keyframes at the source's decode times");
      assertEquals(video.stream().map(MediaFrame::pts).sorted().toList(), rungVideo.stream().map(MediaFrame::pts).toList(),
          "the source's presentation times, in order");
      assertTrue(rungVideo.stream().allMatch(f -> f.pts() - f.dts() == video.get(0).pts() - video.get(0).dts()),
          "a constant decode delay: the source's");
      assertEquals(audio.stream().filter(a -> a.dts() >= start).toList(), SourceStreams.frames(items, MediaKind.AUDIO),
          "the source's audio from the first picture on");
      assertDecodes(items, rungVideo.size());
    }
  }

  @Test
  void aKeyframeSkippedToCatchUpIsRepeatedAsAKeyframeInEveryRung() {
    List<MediaItem> source = SourceStreams.h264(640, 360, 4, 30);
    List<MediaFrame> keyframes = SourceStreams.frames(source, MediaKind.VIDEO).stream().filter(MediaFrame::keyframe).toList();
    MediaFrame second = keyframes.get(1);
    MediaFrame third = keyframes.get(2);
    // As the lag gate does: the GOP of the second keyframe is dropped, its keyframe handed on as skipped.
    List<Work> work = new ArrayList<>();
    int skipped = 0;
    for (MediaItem item : source) {
      if (item instanceof MediaFrame f && f.kind() == MediaKind.VIDEO && f.dts() >= second.dts() && f.dts() < third.dts()) {
        if (f == second) work.add(Work.skippedKeyframe(f));
        else skipped++;
      } else {
        work.add(Work.of(item));
      }
    }
    Map<Integer, List<MediaItem>> rungs = transcode(SETTINGS, work);

    List<MediaFrame> video = SourceStreams.frames(source, MediaKind.VIDEO);
    for (List<MediaItem> items : rungs.values()) {
      List<MediaFrame> rungVideo = SourceStreams.frames(items, MediaKind.VIDEO);
      assertEquals(keyframeDts(video), keyframeDts(rungVideo), "every source keyframe time is a rung keyframe");
      assertEquals(video.size() - skipped, rungVideo.size());
    }
  }

  @Test
  void aSourceNoRungIsBelowEndsAtItsConfiguration() {
    List<MediaItem> source = SourceStreams.h264(640, 360, 4, 30);
    try (Transcoder t = new Transcoder(settings(List.of(new TranscodeSettings.Rung("360p", 360, 700))), "test")) {
      assertEquals(List.of(), t.accept(Work.of(source.get(0))));
      assertTrue(t.idle());
    }
  }

  @Test
  void aSourceTheDecoderKeepsRejectingFailsWithAReason() {
    // A well-formed record around an SPS whose id is out of range (H.264 7.4.2.1.1), then frames of noise.
    CodecConfig broken = new CodecConfig(Codec.H264, HexFormat.of().parseHex(
        "0164001fffe10007" + "676400" + "1f000010" + "010004" + "68ce3880"), 1280, 720, 0, 0, "avc1.64001f");
    try (Transcoder t = new Transcoder(SETTINGS, "test")) {
      TranscodeException e = assertThrows(TranscodeException.class, () -> {
        t.accept(Work.of(broken));
        for (int i = 0; i < 2 * Transcoder.MAX_BAD_FRAMES; i++) {
          byte[] noise = HexFormat.of().parseHex("0000000665b8ffeeddcc");
          t.accept(Work.of(new MediaFrame(Codec.H264, i * 3000L, i * 3000L, i % 30 == 0, noise)));
        }
      });
      assertTrue(e.getMessage().startsWith("the H.264 source cannot be decoded")
          || e.getMessage().startsWith("the H264 decoder refused"), e.getMessage());
    }
  }

  @Test
  void sourcesOtherThanH264AndHevcAreNotTranscoded() {
    try (Transcoder t = new Transcoder(SETTINGS, "test")) {
      CodecConfig av1 = new CodecConfig(Codec.AV1, new byte[] {(byte) 0x81, 0, 0, 0}, 1280, 720, 0, 0, "av01.0.05M.08");
      TranscodeException e = assertThrows(TranscodeException.class, () -> t.accept(Work.of(av1)));
      assertEquals("AV1 sources are not transcoded", e.getMessage());
    }
  }

  /** Everything the transcoder makes of {@code work}, by rung. */
  static Map<Integer, List<MediaItem>> transcode(TranscodeSettings settings, List<Work> work) {
    Map<Integer, List<MediaItem>> rungs = new TreeMap<>();
    try (Transcoder t = new Transcoder(settings, "test")) {
      List<RungItem> out = new ArrayList<>();
      for (Work w : work) out.addAll(t.accept(w));
      out.addAll(t.finish());
      for (RungItem i : out) rungs.computeIfAbsent(i.rung(), r -> new ArrayList<>()).add(i.item());
    }
    return rungs;
  }

  private static List<Long> keyframeDts(List<MediaFrame> frames) {
    return frames.stream().filter(MediaFrame::keyframe).map(MediaFrame::dts).toList();
  }

  /** FFmpeg decodes the rung, muxed by us into MPEG-TS, without a word, into as many pictures as it has. */
  private void assertDecodes(List<MediaItem> items, int pictures) throws Exception {
    Path ts = Files.write(dir.resolve("rung.ts"), TsFixtures.mux(items));
    var probe = Ffmpeg.run(Duration.ofSeconds(30), Ffmpeg.ffprobeBinary(), "-v", "error", "-count_frames",
        "-select_streams", "v", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", ts.toString());
    assertEquals(0, probe.exitCode(), probe.output());
    assertEquals(List.of(Integer.toString(pictures)), probe.output().lines().filter(l -> !l.isBlank()).distinct().toList());
  }
}
