package io.headwater.media.mp4.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads ISO BMFF bytes into a tree of boxes (ISO/IEC 14496-12 4.2) without copying them: the boxes of an init
 * segment, a media segment or a whole fragmented file, with the children of the container boxes fMP4 uses, stsd and
 * dref, and the sample entries of the codecs we write. Tests read what {@link InitSegment} and {@link MediaSegment}
 * wrote through it, and so can the packager's own checks. Guard rails: nesting depth at most {@link #MAX_DEPTH},
 * at most {@link #MAX_BOXES} boxes, and every size checked against its container before anything is read.
 */
public final class Mp4Boxes {
  public static final int MAX_DEPTH = 16;
  public static final int MAX_BOXES = 100_000;

  /** Boxes that hold only boxes (ISO/IEC 14496-12 8.1-8.8). */
  private static final Set<String> CONTAINERS =
      Set.of("moov", "trak", "mdia", "minf", "dinf", "stbl", "mvex", "moof", "traf", "edts", "mfra");
  /** ISO/IEC 14496-12 12.1.3 VisualSampleEntry fields before its child boxes. */
  private static final Set<String> VISUAL_ENTRIES = Set.of("avc1", "avc3", "hvc1", "hev1", "av01", "vp09");
  private static final int VISUAL_ENTRY_FIELDS = 78;
  /** ISO/IEC 14496-12 12.2.3 AudioSampleEntry fields before its child boxes. */
  private static final Set<String> AUDIO_ENTRIES = Set.of("mp4a", "Opus");
  private static final int AUDIO_ENTRY_FIELDS = 28;
  /** stsd (8.5.2) and dref (8.7.2): version, flags and entry_count before the entries. */
  private static final Set<String> TABLES = Set.of("stsd", "dref");
  private static final int TABLE_FIELDS = 8;

  /**
   * One box: its type, where it starts in {@code source} (the parsed array itself, not a copy), its total size
   * and its children, or none for a box whose contents this reader does not split. Field reads are relative to the
   * start of the contents (after the size, type, any largesize and any uuid) and checked against the box's end.
   */
  public record Box(String type, byte[] source, int offset, int size, int headerSize, List<Box> children) {
    public int contentOffset() {
      return offset + headerSize;
    }

    public int contentSize() {
      return size - headerSize;
    }

    /** A copy of the contents. */
    public byte[] content() {
      return Arrays.copyOfRange(source, contentOffset(), offset + size);
    }

    public int u8(int at) throws Mp4FormatException {
      return (int) read(at, 1);
    }

    public int u16(int at) throws Mp4FormatException {
      return (int) read(at, 2);
    }

    public long u32(int at) throws Mp4FormatException {
      return read(at, 4);
    }

    public long u64(int at) throws Mp4FormatException {
      return read(at, 8);
    }

    public String fourCc(int at) throws Mp4FormatException {
      read(at, 4);
      return new String(source, contentOffset() + at, 4, StandardCharsets.ISO_8859_1);
    }

    /** The first child of this type, or null. */
    public Box child(String childType) {
      return children.stream().filter(b -> b.type.equals(childType)).findFirst().orElse(null);
    }

    /** The first descendant along a path such as "mdia/minf/stbl/stsd", failing with the path if absent. */
    public Box find(String path) throws Mp4FormatException {
      Box b = this;
      for (String step : path.split("/")) {
        Box next = b.child(step);
        if (next == null) {
          throw new Mp4FormatException("box '" + b.type + "' at " + b.offset + " has no '" + step + "' (" + path + ")");
        }
        b = next;
      }
      return b;
    }

    private long read(int at, int n) throws Mp4FormatException {
      if (at < 0 || at > contentSize() - n) {
        throw new Mp4FormatException("box '" + type + "' at " + offset + ": " + n + "-byte field at " + at
            + " runs past its " + contentSize() + " bytes of contents");
      }
      long v = 0;
      for (int i = 0; i < n; i++) {
        v = v << 8 | source[contentOffset() + at + i] & 0xff;
      }
      return v;
    }

    @Override
    public String toString() {
      return type + "@" + offset + "+" + size + (children.isEmpty() ? "" : children.toString());
    }
  }

  private final byte[] data;
  private int boxes;

  private Mp4Boxes(byte[] data) {
    this.data = data;
  }

  /** The top-level boxes of {@code data}, which must be boxes from its first byte to its last. */
  public static List<Box> parse(byte[] data) throws Mp4FormatException {
    return new Mp4Boxes(data).boxes(0, data.length, 0);
  }

  private List<Box> boxes(int from, int to, int depth) throws Mp4FormatException {
    if (depth > MAX_DEPTH) {
      throw new Mp4FormatException("boxes at " + from + " nest deeper than " + MAX_DEPTH);
    }
    List<Box> list = new ArrayList<>();
    int pos = from;
    while (pos < to) {
      if (++boxes > MAX_BOXES) {
        throw new Mp4FormatException("more than " + MAX_BOXES + " boxes");
      }
      Box box = box(pos, to, depth);
      list.add(box);
      pos += box.size();
    }
    return List.copyOf(list);
  }

  private Box box(int at, int end, int depth) throws Mp4FormatException {
    int left = end - at;
    if (left < 8) {
      throw new Mp4FormatException("box at " + at + ": " + left + " bytes left, a box header needs 8");
    }
    long size = be(at, 4);
    String type = new String(data, at + 4, 4, StandardCharsets.ISO_8859_1);
    int header = 8;
    if (size == 1) { // 4.2.2: a 64-bit largesize follows the type
      if (left < 16) {
        throw new Mp4FormatException("box '" + type + "' at " + at + ": no room for its 64-bit size");
      }
      size = be(at + 8, 8);
      header = 16;
    } else if (size == 0) { // 4.2.2: the box runs to the end of its container
      size = left;
    }
    if (type.equals("uuid")) {
      header += 16; // extended type
    }
    if (size < header || size > left) {
      throw new Mp4FormatException("box '" + type + "' at " + at + ": size " + size + " with a " + header
          + "-byte header in the " + left + " bytes left of its container");
    }
    int boxEnd = at + (int) size;
    int skip = skippedFields(type);
    List<Box> children = List.of();
    if (skip >= 0) {
      if (skip > boxEnd - at - header) {
        throw new Mp4FormatException("box '" + type + "' at " + at + ": " + (size - header)
            + " bytes of contents, its fields alone take " + skip);
      }
      children = boxes(at + header + skip, boxEnd, depth + 1);
    }
    return new Box(type, data, at, (int) size, header, children);
  }

  /** How many bytes of fields precede a box's children, or -1 for a box read as opaque contents. */
  private static int skippedFields(String type) {
    if (CONTAINERS.contains(type)) {
      return 0;
    } else if (TABLES.contains(type)) {
      return TABLE_FIELDS;
    } else if (VISUAL_ENTRIES.contains(type)) {
      return VISUAL_ENTRY_FIELDS;
    } else if (AUDIO_ENTRIES.contains(type)) {
      return AUDIO_ENTRY_FIELDS;
    }
    return -1;
  }

  private long be(int at, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = v << 8 | data[at + i] & 0xff;
    }
    return v;
  }
}
