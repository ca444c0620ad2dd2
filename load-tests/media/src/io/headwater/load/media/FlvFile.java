package io.headwater.load.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An FLV file read into memory as tags, for replay over RTMP: the script tag (onMetaData) and the codec
 * configuration tags (AVC and AAC sequence headers) are sent once; the other audio and video tags loop.
 * FLV is a 9-byte header (its length is in bytes 5..8), a 4-byte previous-tag-size, then tags: an 11-byte
 * header (type, 24-bit body size, 24-bit timestamp plus an 8-bit extension as the high byte, 24-bit stream
 * id), the body and a 4-byte previous-tag-size.
 */
final class FlvFile {
  static final int AUDIO = 8;
  static final int VIDEO = 9;
  static final int SCRIPT = 18;

  /** One tag; {@code timestamp} is in milliseconds from the first media tag. */
  record Tag(int type, long timestamp, byte[] body) {}

  /** The onMetaData script tag, or null. */
  final Tag metadata;
  /** Sequence headers, sent once before the media. */
  final List<Tag> config;
  /** Audio and video tags in file order. */
  final List<Tag> media;
  /** Length of one pass through {@link #media}: the last video timestamp plus one frame interval. */
  final long loopMillis;
  /** Body bytes of one pass through {@link #media}. */
  final long mediaBytesPerLoop;
  final int maxTagSize;

  private FlvFile(Tag metadata, List<Tag> config, List<Tag> media, long loopMillis) {
    this.metadata = metadata;
    this.config = config;
    this.media = media;
    this.loopMillis = loopMillis;
    this.mediaBytesPerLoop = media.stream().mapToLong(t -> t.body().length).sum();
    this.maxTagSize = media.stream().mapToInt(t -> t.body().length).max().orElse(0);
  }

  static FlvFile read(Path path) throws IOException {
    byte[] d = Files.readAllBytes(path);
    if (d.length < 13 || d[0] != 'F' || d[1] != 'L' || d[2] != 'V') {
      throw new IOException(path + ": not an FLV file");
    }
    int at = u32(d, 5) + 4; // header, then PreviousTagSize0
    Tag metadata = null;
    List<Tag> config = new ArrayList<>();
    List<Tag> media = new ArrayList<>();
    long base = -1;
    while (at + 11 <= d.length) {
      int flags = d[at] & 0xFF;
      if ((flags & 0x20) != 0) throw new IOException(path + ": encrypted (filtered) tag at offset " + at);
      int type = flags & 0x1F;
      int size = u24(d, at + 1);
      long ts = (u24(d, at + 4) | (long) (d[at + 7] & 0xFF) << 24) & 0xFFFF_FFFFL;
      if (at + 11 + size > d.length) break; // a truncated last tag
      byte[] body = Arrays.copyOfRange(d, at + 11, at + 11 + size);
      at += 11 + size + 4;
      if (type == SCRIPT) {
        if (metadata == null) metadata = new Tag(type, 0, body);
      } else if (type == AUDIO || type == VIDEO) {
        if (body.length == 0) continue;
        if (isSequenceHeader(type, body)) {
          config.add(new Tag(type, 0, body));
          continue;
        }
        if (base < 0) base = ts;
        media.add(new Tag(type, Math.max(0, ts - base), body));
      }
    }
    if (media.isEmpty()) throw new IOException(path + ": no audio or video tags");
    return new FlvFile(metadata, config, media, loopLength(media));
  }

  /** AVC/HEVC sequence header (AVCPacketType 0) or AAC AudioSpecificConfig (AACPacketType 0). */
  private static boolean isSequenceHeader(int type, byte[] body) {
    if (type == VIDEO) {
      if ((body[0] & 0x80) != 0) { // enhanced RTMP: packet type 0 is the sequence start
        return (body[0] & 0x0F) == 0;
      }
      int codec = body[0] & 0x0F;
      return (codec == 7 || codec == 12) && body.length > 1 && body[1] == 0;
    }
    return ((body[0] & 0xFF) >>> 4) == 10 && body.length > 1 && body[1] == 0;
  }

  private static long loopLength(List<Tag> media) {
    long last = 0;
    long previous = -1;
    long lastVideo = -1;
    for (Tag t : media) {
      last = Math.max(last, t.timestamp());
      if (t.type() == VIDEO) {
        previous = lastVideo;
        lastVideo = t.timestamp();
      }
    }
    long frame = previous >= 0 && lastVideo > previous ? lastVideo - previous : 33;
    return Math.max(last, lastVideo) + frame;
  }

  private static int u24(byte[] b, int at) {
    return (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
  }

  private static int u32(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | u24(b, at + 1);
  }
}
