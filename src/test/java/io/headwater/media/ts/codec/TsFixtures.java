package io.headwater.media.ts.codec;

import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The FFmpeg-made files the TS tests share, with what FFmpeg says about them (see the README next to them), and
 * helpers to run the demuxer and compare what it returns.
 */
public final class TsFixtures {
  static final String H264_AAC = "h264-aac";
  static final String HEVC_AAC = "hevc-aac";

  /** One line of ffprobe's packet listing: stream 0 video, 1 audio. */
  record Packet(int stream, long pts, long dts, int size, boolean keyframe) {}

  private TsFixtures() {}

  static byte[] ts(String name) {
    return resource(name + ".ts");
  }

  static List<Packet> packets(String name) {
    List<Packet> packets = new ArrayList<>();
    for (String line : lines(name + ".packets.csv")) {
      String[] f = line.split(",");
      packets.add(new Packet(Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
          Integer.parseInt(f[3]), f[4].startsWith("K")));
    }
    return packets;
  }

  /** The "video|audio codec ... hex" line of name.streams.txt, split on spaces. */
  static String[] stream(String name, String kind) {
    return lines(name + ".streams.txt").stream().filter(l -> l.startsWith(kind + " ")).findFirst().orElseThrow()
        .split(" ");
  }

  /** The stream index and MD5 of every decoded frame FFmpeg's framemd5 listed, in its order. */
  static List<String> frameHashes(String framemd5) {
    List<String> hashes = new ArrayList<>();
    for (String line : framemd5.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] f = line.split(",");
        hashes.add(f[0].trim() + " " + f[f.length - 1].trim());
      }
    }
    return hashes;
  }

  static List<String> lines(String resource) {
    return new String(resource(resource), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }

  static byte[] resource(String name) {
    try (InputStream in = TsFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything a fresh demuxer makes of {@code ts} fed whole, then flushed. */
  public static List<MediaItem> demux(byte[] ts) throws TsFormatException {
    TsDemuxer demuxer = new TsDemuxer();
    List<MediaItem> items = new ArrayList<>(demuxer.feed(ts));
    items.addAll(demuxer.flush());
    return items;
  }

  /** The items of one kind, in order: a track's configurations and frames. */
  static List<MediaItem> track(List<MediaItem> items, MediaKind kind) {
    return items.stream().filter(i -> i instanceof CodecConfig c && c.kind() == kind
        || i instanceof MediaFrame f && f.kind() == kind).toList();
  }

  static List<MediaFrame> frames(List<MediaItem> items, MediaKind kind) {
    return items.stream().filter(i -> i instanceof MediaFrame f && f.kind() == kind).map(MediaFrame.class::cast)
        .toList();
  }

  static CodecConfig config(List<MediaItem> items, MediaKind kind) {
    return items.stream().filter(i -> i instanceof CodecConfig c && c.kind() == kind).map(CodecConfig.class::cast)
        .findFirst().orElseThrow();
  }

  /** Items as comparable text: a frame's payload by content, not by array identity. */
  static List<String> describe(List<? extends MediaItem> items) {
    return items.stream().map(item -> item instanceof MediaFrame f
        ? "MediaFrame[" + f.codec() + " dts=" + f.dts() + " pts=" + f.pts() + " key=" + f.keyframe() + " data="
            + HexFormat.of().formatHex(f.data()) + "]"
        : item.toString()).toList();
  }

  /**
   * The configurations, then all frames in decode order (audio first on a tie), shifted so that the first
   * has dts {@link TsDemuxer#TIMELINE_START}: what a hub hands a muxer, and what our demuxer gives back from it.
   */
  public static List<MediaItem> interleaved(List<MediaItem> items) {
    List<MediaItem> out = new ArrayList<>(items.stream().filter(CodecConfig.class::isInstance).toList());
    List<MediaFrame> frames = items.stream().filter(MediaFrame.class::isInstance).map(MediaFrame.class::cast)
        .sorted(Comparator.comparingLong(MediaFrame::dts).thenComparing(f -> f.kind() == MediaKind.VIDEO)).toList();
    long shift = TsDemuxer.TIMELINE_START - frames.get(0).dts();
    for (MediaFrame f : frames) {
      out.add(new MediaFrame(f.codec(), f.dts() + shift, f.pts() + shift, f.keyframe(), f.data()));
    }
    return out;
  }

  /** Everything a muxer writes for the items, concatenated. */
  public static byte[] mux(List<MediaItem> items) throws TsFormatException {
    TsMuxer muxer = new TsMuxer();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (MediaItem item : items) {
      out.writeBytes(muxer.write(item));
    }
    return out.toByteArray();
  }
}
