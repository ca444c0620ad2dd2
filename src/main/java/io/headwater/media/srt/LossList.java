package io.headwater.media.srt;

import io.headwater.media.srt.codec.Nak;
import io.headwater.media.srt.codec.SequenceNumbers;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiver's loss list (srt.md 8.1): ordered, disjoint ranges of sequence numbers it is missing, each
 * with the time it was last reported in a NAK. New gaps only ever open past the highest sequence received,
 * so ranges are appended in order; arrivals, drop requests and too-late drops cut them. Owned by one
 * {@link SrtReceiver}; not thread-safe.
 */
final class LossList {
  private static final class Range {
    int first;
    int last;
    long reportedUs;

    Range(int first, int last, long reportedUs) {
      this.first = first;
      this.last = last;
      this.reportedUs = reportedUs;
    }
  }

  private final List<Range> ranges = new ArrayList<>();
  private long size;

  boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** How many sequence numbers are missing. */
  long size() {
    return size;
  }

  /** A new gap {@code first..last}, past every range held, reported (by the immediate NAK) at {@code nowUs}. */
  void append(int first, int last, long nowUs) {
    if (!ranges.isEmpty() && SequenceNumbers.compare(first, ranges.get(ranges.size() - 1).last) <= 0) {
      throw new IllegalArgumentException("loss range " + first + ".." + last + " does not follow the last one");
    }
    ranges.add(new Range(first, last, nowUs));
    size += SequenceNumbers.length(first, last);
  }

  /** Removes one sequence number; true if it was missing. */
  boolean remove(int seq) {
    int i = indexOf(seq);
    if (i < 0) return false;
    Range r = ranges.get(i);
    if (r.first == r.last) {
      ranges.remove(i);
    } else if (r.first == seq) {
      r.first = SequenceNumbers.next(seq);
    } else if (r.last == seq) {
      r.last = SequenceNumbers.previous(seq);
    } else {
      ranges.add(i + 1, new Range(SequenceNumbers.next(seq), r.last, r.reportedUs));
      r.last = SequenceNumbers.previous(seq);
    }
    size--;
    return true;
  }

  /** Removes every sequence number in {@code first..last} (srt.md 3.5: a drop request). */
  void remove(int first, int last) {
    List<Range> kept = new ArrayList<>(ranges.size() + 1);
    size = 0;
    for (Range r : ranges) {
      if (SequenceNumbers.compare(r.last, first) < 0 || SequenceNumbers.compare(r.first, last) > 0) {
        kept.add(r);
      } else {
        if (SequenceNumbers.compare(r.first, first) < 0) {
          kept.add(new Range(r.first, SequenceNumbers.previous(first), r.reportedUs));
        }
        if (SequenceNumbers.compare(r.last, last) > 0) {
          kept.add(new Range(SequenceNumbers.next(last), r.last, r.reportedUs));
        }
      }
    }
    ranges.clear();
    ranges.addAll(kept);
    for (Range r : ranges) size += SequenceNumbers.length(r.first, r.last);
  }

  /** Removes everything before {@code seq}: the receiver gave up on it (srt.md 8.7, too-late drop). */
  void removeBefore(int seq) {
    while (!ranges.isEmpty()) {
      Range r = ranges.get(0);
      if (SequenceNumbers.compare(r.first, seq) >= 0) return;
      if (SequenceNumbers.compare(r.last, seq) < 0) {
        ranges.remove(0);
        size -= SequenceNumbers.length(r.first, r.last);
      } else {
        size -= SequenceNumbers.offset(r.first, seq);
        r.first = seq;
        return;
      }
    }
  }

  /** Every range, oldest first, as a NAK lists them. */
  List<Nak.Range> all() {
    return ranges.stream().map(r -> new Nak.Range(r.first, r.last)).toList();
  }

  /**
   * The ranges last reported at least {@code intervalUs} ago, marked reported now; as many as one NAK holds
   * (srt.md 8.5: the periodic NAK carries the rest next time).
   */
  List<Nak.Range> due(long nowUs, long intervalUs) {
    List<Nak.Range> due = new ArrayList<>();
    int entries = 0;
    for (Range r : ranges) {
      if (nowUs - r.reportedUs < intervalUs) continue;
      int e = r.first == r.last ? 1 : 2;
      if (entries + e > Nak.MAX_ENTRIES) break;
      entries += e;
      r.reportedUs = nowUs;
      due.add(new Nak.Range(r.first, r.last));
    }
    return due;
  }

  private int indexOf(int seq) {
    int lo = 0;
    int hi = ranges.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Range r = ranges.get(mid);
      if (SequenceNumbers.compare(seq, r.first) < 0) hi = mid - 1;
      else if (SequenceNumbers.compare(seq, r.last) > 0) lo = mid + 1;
      else return mid;
    }
    return -1;
  }
}
