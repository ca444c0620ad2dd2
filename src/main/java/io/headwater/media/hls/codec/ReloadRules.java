package io.headwater.media.hls.codec;

import io.headwater.media.hls.codec.MediaPlaylist.HintType;
import io.headwater.media.hls.codec.MediaPlaylist.Part;
import io.headwater.media.hls.codec.MediaPlaylist.Segment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What may change between two reloads of one live media playlist (RFC 8216 6.2.1, 6.2.2; rfc8216bis 6.2.2):
 * segments and parts are appended at the end and removed from the front, the sequence numbers only grow by
 * what was removed, nothing once listed changes, and nothing follows EXT-X-ENDLIST. Used by
 * {@link PlaylistChecker}.
 */
final class ReloadRules {
  private ReloadRules() {}

  /** Where a playlist's listed segments sit in Media Sequence Numbers; end is one past the last complete. */
  private record Window(MediaPlaylist p, long first, long end, List<String> maps) {
    static Window of(MediaPlaylist p) {
      List<String> maps = new ArrayList<>();
      String map = p.map();
      for (Segment s : p.segments()) {
        map = s.map() != null ? s.map() : map;
        maps.add(map);
      }
      return new Window(p, p.firstListedSequence(), p.firstListedSequence() + p.segments().size(), maps);
    }

    boolean lists(long msn) {
      return msn >= first && msn < end;
    }

    Segment segment(long msn) {
      return p.segments().get((int) (msn - first));
    }

    /** The init segment in effect for a listed segment, null when a delta update leaves it unknown. */
    String map(long msn) {
      return maps.get((int) (msn - first));
    }

    /** (msn, index, uri) of every listed part, in order. */
    List<PartAt> parts() {
      List<PartAt> out = new ArrayList<>();
      for (long msn = first; msn < end; msn++) {
        List<Part> parts = segment(msn).parts();
        for (int i = 0; i < parts.size(); i++) {
          out.add(new PartAt(msn, i, parts.get(i).uri()));
        }
      }
      if (p.next() != null) {
        for (int i = 0; i < p.next().parts().size(); i++) {
          out.add(new PartAt(end, i, p.next().parts().get(i).uri()));
        }
      }
      return out;
    }
  }

  private record PartAt(long msn, int index, String uri) {
    boolean after(PartAt other) {
      return msn > other.msn || (msn == other.msn && index > other.index);
    }

    @Override
    public String toString() {
      return msn + "." + index;
    }
  }

  static List<String> violations(MediaPlaylist prev, MediaPlaylist next) {
    List<String> out = new ArrayList<>();
    if (next.targetDuration() != prev.targetDuration()) {
      out.add("EXT-X-TARGETDURATION changed from " + prev.targetDuration() + " to " + next.targetDuration()
          + " (RFC 8216 6.2.1)");
    }
    if (next.mediaSequence() < prev.mediaSequence()) {
      out.add("EXT-X-MEDIA-SEQUENCE went back from " + prev.mediaSequence() + " to " + next.mediaSequence()
          + " (RFC 8216 6.2.2)");
      return out;
    }
    Window a = Window.of(prev);
    Window b = Window.of(next);
    if (prev.endList() && (!next.endList() || b.end > a.end || next.next() != null)) {
      out.add("the playlist changed after EXT-X-ENDLIST other than by removing segments (RFC 8216 4.3.3.4)");
    }
    if (next.mediaSequence() < a.end && b.end < a.end) {
      out.add("segments " + b.end + " to " + (a.end - 1) + " vanished from the end: segments are removed from"
          + " the front only (RFC 8216 6.2.2)");
    }
    for (long msn = Math.max(a.first, b.first); msn < Math.min(a.end, b.end); msn++) {
      unchanged(out, a, b, msn);
    }
    inProgress(out, a, b);
    discontinuitySequence(out, a, b);
    removalFloor(out, prev, next);
    hint(out, a, b);
    return out;
  }

  private static void unchanged(List<String> out, Window a, Window b, long msn) {
    Segment was = a.segment(msn);
    Segment is = b.segment(msn);
    String where = "segment " + msn;
    if (!was.uri().equals(is.uri())) {
      out.add(where + " changed its URI (RFC 8216 6.2.1)");
    }
    if (PlaylistRules.exceeds(was.duration(), is.duration()) || PlaylistRules.exceeds(is.duration(), was.duration())) {
      out.add(where + " changed its EXTINF from " + PlaylistSyntax.decimal(was.duration()) + " to "
          + PlaylistSyntax.decimal(is.duration()) + " (RFC 8216 6.2.1)");
    }
    if (was.discontinuity() != is.discontinuity()) {
      out.add(where + (is.discontinuity() ? " gained" : " lost") + " its EXT-X-DISCONTINUITY (RFC 8216 6.2.1)");
    }
    String mapWas = a.map(msn);
    String mapIs = b.map(msn);
    if (mapWas != null && mapIs != null && !mapWas.equals(mapIs)) {
      out.add(where + " changed its EXT-X-MAP (RFC 8216 6.2.1)");
    }
    if (!is.parts().isEmpty()) {
      if (was.parts().isEmpty()) {
        out.add(where + " gained parts after it was listed without them (rfc8216bis 6.2.2)");
      } else if (!samePrefix(was.parts(), is.parts()) || was.parts().size() != is.parts().size()) {
        out.add(where + " changed its parts (RFC 8216 6.2.1)");
      }
    }
  }

  // The segment in progress in the previous reload: its parts stay a prefix of its parts in this one,
  // complete or still in progress, unless it has slid out or had its parts removed with age.
  private static void inProgress(List<String> out, Window a, Window b) {
    var was = a.p().next();
    long msn = a.end;
    if (was == null || msn < b.p().mediaSequence()) {
      return;
    }
    String where = "segment " + msn;
    List<Part> parts;
    boolean discontinuity;
    if (b.lists(msn)) {
      parts = b.segment(msn).parts();
      discontinuity = b.segment(msn).discontinuity();
    } else if (msn == b.end && b.p().next() != null) {
      parts = b.p().next().parts();
      discontinuity = b.p().next().discontinuity();
    } else if (msn >= b.end) {
      out.add(where + ", in progress with parts, vanished: parts are removed from the front only"
          + " (rfc8216bis 6.2.2)");
      return;
    } else {
      return; // skipped by a delta update
    }
    if (was.discontinuity() != discontinuity) {
      out.add(where + (discontinuity ? " gained" : " lost") + " its EXT-X-DISCONTINUITY once complete");
    }
    if (!parts.isEmpty() && (parts.size() < was.parts().size() || !samePrefix(was.parts(), parts))) {
      out.add(where + " changed the parts it had listed while in progress (RFC 8216 6.2.1)");
    }
  }

  // RFC 8216 6.2.2: the discontinuity sequence grows by the number of EXT-X-DISCONTINUITY tags removed, so
  // that the segments still listed keep their Discontinuity Sequence Numbers.
  private static void discontinuitySequence(List<String> out, Window a, Window b) {
    MediaPlaylist prev = a.p();
    MediaPlaylist next = b.p();
    long known = 0;
    long seen = 0;
    long stop = Math.min(next.mediaSequence(), a.end + 1); // beyond it: never listed in the previous reload
    for (long msn = prev.mediaSequence(); msn < stop; msn++) {
      if (a.lists(msn)) {
        known += a.segment(msn).discontinuity() ? 1 : 0;
        seen++;
      } else if (msn == a.end && prev.next() != null) {
        known += prev.next().discontinuity() ? 1 : 0;
        seen++;
      }
    }
    long unknown = next.mediaSequence() - prev.mediaSequence() - seen; // skipped by a delta, or never listed
    long low = prev.discontinuitySequence() + known;
    long high = low + unknown;
    long actual = next.discontinuitySequence();
    if (actual < low || actual > high) {
      out.add("EXT-X-DISCONTINUITY-SEQUENCE is " + actual + ", expected " + (low == high ? low : low + " to " + high)
          + ": " + known + " discontinuities slid out since the previous reload (RFC 8216 6.2.2)");
    }
  }

  // RFC 8216 6.2.2: no removal that leaves a live playlist shorter than three target durations.
  private static void removalFloor(List<String> out, MediaPlaylist prev, MediaPlaylist next) {
    if (next.mediaSequence() <= prev.mediaSequence() || next.endList() || next.skippedSegments() > 0) {
      return;
    }
    BigDecimal duration = next.segments().stream().map(s -> PlaylistSyntax.rounded(s.duration()))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    if (duration.compareTo(BigDecimal.valueOf(3L * next.targetDuration())) < 0) {
      out.add("segments were removed leaving " + duration.stripTrailingZeros().toPlainString()
          + " s, less than three target durations (RFC 8216 6.2.2)");
    }
  }

  // rfc8216bis 4.4.5.3: the hinted URI is the one subsequently added; so if it is listed now, it is the
  // first part after the last part of the previous reload.
  private static void hint(List<String> out, Window a, Window b) {
    var hint = a.p().preloadHint();
    List<PartAt> before = a.parts();
    if (hint == null || hint.type() != HintType.PART || before.isEmpty()) {
      return;
    }
    PartAt last = before.get(before.size() - 1);
    List<PartAt> now = b.parts();
    PartAt hinted = now.stream().filter(p -> p.uri().equals(hint.uri())).findFirst().orElse(null);
    PartAt firstNew = now.stream().filter(p -> p.after(last)).findFirst().orElse(null);
    if (hinted != null && !hinted.equals(firstNew)) {
      out.add("the part hinted after part " + last + " was listed as part " + hinted + ", not as the next part"
          + " (rfc8216bis 4.4.5.3)");
    }
  }

  private static boolean samePrefix(List<Part> was, List<Part> is) {
    if (is.size() < was.size()) {
      return false;
    }
    for (int i = 0; i < was.size(); i++) {
      Part p = was.get(i);
      Part q = is.get(i);
      if (!p.uri().equals(q.uri()) || p.independent() != q.independent()
          || PlaylistSyntax.rounded(p.duration()).compareTo(PlaylistSyntax.rounded(q.duration())) != 0) {
        return false;
      }
    }
    return true;
  }
}
