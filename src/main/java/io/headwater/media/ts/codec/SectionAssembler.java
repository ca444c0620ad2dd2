package io.headwater.media.ts.codec;

import java.util.Arrays;
import java.util.List;

/**
 * Reassembles the PSI sections of one PID from transport packet payloads (ISO/IEC 13818-1 2.4.4.1): a payload
 * that starts a unit begins with pointer_field, the number of bytes that still belong to the section in progress;
 * sections follow one another until 0xFF stuffing fills the packet. Sections longer than a PAT or PMT may be are
 * discarded and counted.
 */
final class SectionAssembler {
  private final byte[] buf = new byte[Psi.MAX_SECTION_LENGTH];
  private final DemuxCounters counters;
  private int length;
  private int total;
  private boolean active;

  SectionAssembler(DemuxCounters counters) {
    this.counters = counters;
  }

  /** The packet payload {@code b[from..to)}; completed sections are added to {@code sections}. */
  void payload(byte[] b, int from, int to, boolean unitStart, List<byte[]> sections) {
    if (!unitStart) {
      if (active) {
        append(b, from, to, sections);
      }
      return;
    }
    if (from >= to) {
      return;
    }
    int pointer = b[from] & 0xff;
    int p = from + 1 + pointer;
    if (active) {
      append(b, from + 1, Math.min(to, p), sections);
      if (active) {
        counters.psiErrors++; // the section in progress ended before its section_length
        active = false;
      }
    }
    if (p > to) {
      counters.psiErrors++;
      return;
    }
    while (p < to && (b[p] & 0xff) != 0xff) {
      active = true;
      length = 0;
      p += append(b, p, to, sections);
      if (active) {
        return; // continues in the next packet
      }
    }
  }

  /** After lost packets: the section in progress cannot be completed. */
  void reset() {
    active = false;
  }

  private int append(byte[] b, int from, int to, List<byte[]> sections) {
    int p = from;
    while (p < to && active) {
      int n = Math.min(length < 3 ? 3 - length : total - length, to - p);
      System.arraycopy(b, p, buf, length, n);
      length += n;
      p += n;
      if (length == 3) {
        total = Psi.sectionLength(buf, 0);
        if (total > buf.length) {
          counters.psiErrors++;
          active = false;
          return to - from;
        }
      }
      if (length >= 3 && length == total) {
        sections.add(Arrays.copyOf(buf, length));
        active = false;
      }
    }
    return p - from;
  }
}
