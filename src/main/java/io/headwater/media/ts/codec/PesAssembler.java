package io.headwater.media.ts.codec;

import java.util.Arrays;
import java.util.List;

/**
 * Reassembles the PES packets of one elementary PID (ISO/IEC 13818-1 2.4.3.6). A packet with
 * payload_unit_start_indicator set starts a PES packet; it ends when PES_packet_length bytes have arrived, or, for
 * the unbounded length 0 that video may use, when the next one starts or the caller flushes. A PES packet that
 * lost a transport packet on the way is dropped whole, and one that outgrows the size limit is dropped until the
 * next start; both are counted.
 */
final class PesAssembler {
  private static final int INITIAL_CAPACITY = 4096;

  private final int maxSize;
  private final DemuxCounters counters;
  private byte[] buf = new byte[INITIAL_CAPACITY];
  private int length;
  private int expected;
  private boolean active;
  private boolean damaged;

  PesAssembler(int maxSize, DemuxCounters counters) {
    this.maxSize = maxSize;
    this.counters = counters;
  }

  /** A transport packet's payload {@code b[from..to)}; PES packets it completes are added to {@code out}. */
  void payload(byte[] b, int from, int to, boolean unitStart, List<Pes> out) {
    if (unitStart) {
      complete(out);
      active = true;
      damaged = false;
      length = 0;
      expected = 0;
    }
    if (!active) {
      return;
    }
    int n = to - from;
    if (n > maxSize - length) {
      counters.oversizedPes++;
      active = false;
      return;
    }
    ensure(length + n);
    System.arraycopy(b, from, buf, length, n);
    length += n;
    if (expected == 0 && length >= Pes.PREFIX_LENGTH) {
      int packetLength = (buf[4] & 0xff) << 8 | buf[5] & 0xff;
      expected = packetLength == 0 ? -1 : Pes.PREFIX_LENGTH + packetLength;
    }
    if (expected > 0 && length >= expected) {
      length = expected; // anything after the packet's end is not part of it
      complete(out);
    }
  }

  /** A transport packet of this PID was lost: the PES packet in progress is incomplete. */
  void damage() {
    damaged = active;
  }

  /** Ends the PES packet in progress, as if the next one had started. */
  void flush(List<Pes> out) {
    complete(out);
  }

  private void complete(List<Pes> out) {
    if (!active) {
      return;
    }
    active = false;
    if (damaged || expected > 0 && length < expected) {
      counters.damagedPes++;
      return;
    }
    Pes pes = Pes.parse(buf, length);
    if (pes == null) {
      counters.pesErrors++;
    } else {
      out.add(pes);
    }
  }

  private void ensure(int capacity) {
    if (capacity > buf.length) {
      buf = Arrays.copyOf(buf, Math.min(maxSize, Math.max(capacity, 2 * buf.length)));
    }
  }
}
