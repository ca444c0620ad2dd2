package io.headwater.media.srt.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * NAK, the loss report (control type 3, srt.md 3.2): ranges of sequence numbers the receiver is missing.
 * On the wire a single loss is one entry with the top bit clear; a range is its first number with the top
 * bit set followed by its inclusive last number.
 *
 * @param ranges the lost ranges, in the order sent
 */
public record Nak(List<Range> ranges) implements ControlBody {
  /** srt.md 3.2: keep one NAK within one datagram, 1456 bytes of CIF at most. */
  public static final int MAX_ENTRIES = 1456 / 4;

  private static final int RANGE_START = 0x8000_0000;

  /** An inclusive range of lost sequence numbers; {@code first == last} for a single loss. */
  public record Range(int first, int last) {
    public Range {
      if (!SequenceNumbers.isValid(first) || !SequenceNumbers.isValid(last)) {
        throw new IllegalArgumentException("loss range " + first + ".." + last + " outside 0..2^31-1");
      }
      if (SequenceNumbers.compare(first, last) > 0) {
        throw new IllegalArgumentException("loss range " + first + ".." + last + " ends before it starts");
      }
    }

    public static Range single(int seq) {
      return new Range(seq, seq);
    }

    /** Entries this range takes on the wire: 1 or 2. */
    public int entries() {
      return first == last ? 1 : 2;
    }
  }

  public Nak {
    ranges = List.copyOf(ranges);
  }

  public static Nak of(Range... ranges) {
    return new Nak(List.of(ranges));
  }

  /** As many leading ranges as fit in one datagram ({@link #MAX_ENTRIES}); the periodic NAK sends the rest. */
  public static Nak fitting(List<Range> ranges) {
    List<Range> taken = new ArrayList<>();
    int entries = 0;
    for (Range r : ranges) {
      if (entries + r.entries() > MAX_ENTRIES) {
        break;
      }
      entries += r.entries();
      taken.add(r);
    }
    return new Nak(taken);
  }

  static Nak decode(byte[] buf, int offset, int length) {
    SrtBytes.requireWholeWords("nak CIF", length);
    if (length == 0) {
      throw new SrtCodecException("nak: empty loss list");
    }
    List<Range> ranges = new ArrayList<>();
    for (int at = 0; at < length; at += 4) {
      int entry = SrtBytes.s32(buf, offset + at);
      if ((entry & RANGE_START) == 0) {
        ranges.add(Range.single(entry));
        continue;
      }
      int index = at / 4;
      at += 4;
      if (at >= length) {
        throw new SrtCodecException("nak: range start at entry " + index + " has no end entry");
      }
      int first = entry & SequenceNumbers.MAX;
      int last = SrtBytes.s32(buf, offset + at);
      if ((last & RANGE_START) != 0) {
        throw new SrtCodecException("nak: range start at entry " + index + " is followed by another range start");
      }
      if (SequenceNumbers.compare(first, last) > 0) {
        throw new SrtCodecException("nak: range at entry " + index + " ends before it starts");
      }
      ranges.add(new Range(first, last));
    }
    return new Nak(ranges);
  }

  @Override
  public int controlType() {
    return TYPE_NAK;
  }

  @Override
  public byte[] encodeCif() {
    int entries = ranges.stream().mapToInt(Range::entries).sum();
    byte[] out = new byte[entries * 4];
    int at = 0;
    for (Range r : ranges) {
      if (r.first() == r.last()) {
        SrtBytes.putS32(out, at, r.first());
        at += 4;
      } else {
        SrtBytes.putS32(out, at, RANGE_START | r.first());
        SrtBytes.putS32(out, at + 4, r.last());
        at += 8;
      }
    }
    return out;
  }
}
