package io.headwater.media.hls.codec;

import io.headwater.media.hls.codec.MediaPlaylist.HintType;
import io.headwater.media.hls.codec.MediaPlaylist.Part;
import io.headwater.media.hls.codec.MediaPlaylist.Segment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Validates media playlists against RFC 8216 and rfc8216bis, alone and across successive reloads of one live
 * playlist, and returns the violations as sentences (empty when the playlist is fine). The packager's tests
 * feed it every playlist they publish through {@link #accept}; the rules the writer already enforces are
 * included, so a model can be checked before it is written. Whether a segment really starts with a
 * keyframe needs the media: the caller passes that knowledge as {@link Options#startsWithKeyframe()}.
 */
public final class PlaylistChecker {
  /**
   * @param partSumTolerance seconds by which the parts of a segment may sum away from its EXTINF, beyond the
   *     rounding of each written duration
   * @param startsWithKeyframe whether the media at a segment or part URI starts with a keyframe; null when
   *     the caller cannot tell, and then only EXT-X-INDEPENDENT-SEGMENTS says so
   */
  public record Options(double partSumTolerance, Predicate<String> startsWithKeyframe) {
    public static final Options DEFAULT = new Options(0.001, null);

    public Options withKeyframes(Predicate<String> startsWithKeyframe) {
      return new Options(partSumTolerance, startsWithKeyframe);
    }
  }

  private final Options options;
  private MediaPlaylist previous;

  public PlaylistChecker() {
    this(Options.DEFAULT);
  }

  public PlaylistChecker(Options options) {
    this.options = options;
  }

  /** Checks the next reload of the playlist: alone, and against the one accepted before it. */
  public List<String> accept(MediaPlaylist playlist) {
    List<String> out = check(playlist, options);
    if (previous != null) {
      out.addAll(ReloadRules.violations(previous, playlist));
    }
    previous = playlist;
    return out;
  }

  public static List<String> check(MediaPlaylist p) {
    return check(p, Options.DEFAULT);
  }

  /** Every rule over one playlist: the writer's MUSTs, then the SHOULDs and the keyframe hook. */
  public static List<String> check(MediaPlaylist p, Options options) {
    List<String> out = new ArrayList<>(PlaylistRules.violations(p));
    if (p.partTarget() != null && p.serverControl() != null && p.serverControl().partHoldBack() != null
        && PlaylistRules.below(p.serverControl().partHoldBack(), 3 * p.partTarget())) {
      out.add("PART-HOLD-BACK is less than three times PART-TARGET (rfc8216bis 4.4.3.8 SHOULD)");
    }
    segments(out, p, options);
    partsNearTheEnd(out, p);
    uniqueUris(out, p);
    preloadHint(out, p);
    return out;
  }

  /** Violations in going from one reload to the next, without checking either alone. */
  public static List<String> checkReload(MediaPlaylist previous, MediaPlaylist next) {
    return ReloadRules.violations(previous, next);
  }

  private static void segments(List<String> out, MediaPlaylist p, Options options) {
    long msn = p.firstListedSequence();
    boolean anyProgramDateTime = p.segments().stream().anyMatch(s -> s.programDateTime() != null);
    Predicate<String> keyframe = options.startsWithKeyframe();
    for (Segment s : p.segments()) {
      String where = "segment " + msn;
      if (keyframe != null && !keyframe.test(s.uri())) {
        out.add(where + " does not start with a keyframe");
      }
      if (anyProgramDateTime && s.discontinuity() && s.programDateTime() == null) {
        out.add(where + ": EXT-X-DISCONTINUITY without EXT-X-PROGRAM-DATE-TIME in a playlist that maps dates"
            + " (RFC 8216 6.2.1 SHOULD)");
      }
      if (!s.parts().isEmpty()) {
        BigDecimal sum = PlaylistRules.sum(s.parts());
        BigDecimal slack = BigDecimal.valueOf(options.partSumTolerance() + 0.00001 * (s.parts().size() + 1));
        if (sum.subtract(PlaylistSyntax.rounded(s.duration())).abs().compareTo(slack) > 0) {
          out.add(where + ": its parts sum to " + sum.stripTrailingZeros().toPlainString() + " s, its EXTINF is "
              + PlaylistSyntax.decimal(s.duration()) + " (rfc8216bis 3.2: the same media samples)");
        }
      }
      boolean startsWithKeyframe = keyframe != null ? keyframe.test(s.uri()) : p.independentSegments();
      parts(out, p, msn, s.parts(), true, startsWithKeyframe, keyframe);
      msn++;
    }
    if (p.next() != null) {
      List<Part> parts = p.next().parts();
      boolean startsWithKeyframe = keyframe != null ? keyframe.test(parts.get(0).uri()) : p.independentSegments();
      parts(out, p, msn, parts, false, startsWithKeyframe, keyframe);
    }
  }

  private static void parts(List<String> out, MediaPlaylist p, long msn, List<Part> parts, boolean complete,
      boolean startsWithKeyframe, Predicate<String> keyframe) {
    if (!parts.isEmpty() && startsWithKeyframe && !parts.get(0).independent()) {
      out.add("part " + msn + ".0 starts a segment that starts with a keyframe but lacks INDEPENDENT=YES"
          + " (rfc8216bis 4.4.4.9)");
    }
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      String where = "part " + msn + "." + i;
      if (keyframe != null && part.independent() && !keyframe.test(part.uri())) {
        out.add(where + " has INDEPENDENT=YES but does not start with a keyframe");
      }
      // The last part of the segment in progress may yet turn out to be its final one, so it is exempt too.
      boolean last = i == parts.size() - 1;
      if (p.partTarget() != null && !part.independent() && !last
          && PlaylistRules.below(part.duration(), 0.85 * p.partTarget())) {
        out.add(where + ": DURATION " + PlaylistSyntax.decimal(part.duration())
            + " is below 85% of PART-TARGET (rfc8216bis 4.4.4.9)");
      }
    }
  }

  // rfc8216bis 6.2.2: parts are removed in order, and SHOULD be once more than three target durations from
  // the end. A segment lists all its parts or none, so the check is on the end of a segment's last part.
  private static void partsNearTheEnd(List<String> out, MediaPlaylist p) {
    BigDecimal end = p.segments().stream().map(s -> PlaylistSyntax.rounded(s.duration()))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    if (p.next() != null) {
      end = end.add(PlaylistRules.sum(p.next().parts()));
    }
    BigDecimal limit = BigDecimal.valueOf(3L * p.targetDuration());
    BigDecimal segmentEnd = BigDecimal.ZERO;
    boolean partsSeen = false;
    long msn = p.firstListedSequence();
    for (Segment s : p.segments()) {
      segmentEnd = segmentEnd.add(PlaylistSyntax.rounded(s.duration()));
      if (!s.parts().isEmpty()) {
        partsSeen = true;
        if (end.subtract(segmentEnd).compareTo(limit) > 0) {
          out.add("segment " + msn + " still lists parts more than three target durations from the end"
              + " (rfc8216bis 6.2.2 SHOULD)");
        }
      } else if (partsSeen) {
        out.add("segment " + msn + " lists no parts though an earlier one does: parts are removed in order"
            + " (rfc8216bis 6.2.2)");
      }
      msn++;
    }
  }

  private static void uniqueUris(List<String> out, MediaPlaylist p) {
    Map<String, String> owners = new HashMap<>();
    long msn = p.firstListedSequence();
    for (Segment s : p.segments()) {
      claim(out, owners, s.uri(), "segment " + msn);
      for (int i = 0; i < s.parts().size(); i++) {
        claim(out, owners, s.parts().get(i).uri(), "part " + msn + "." + i);
      }
      msn++;
    }
    if (p.next() != null) {
      for (int i = 0; i < p.next().parts().size(); i++) {
        claim(out, owners, p.next().parts().get(i).uri(), "part " + msn + "." + i);
      }
    }
  }

  private static void claim(List<String> out, Map<String, String> owners, String uri, String who) {
    String owner = owners.putIfAbsent(uri, who);
    if (owner != null) {
      out.add(who + " has the URI of " + owner);
    }
  }

  private static void preloadHint(List<String> out, MediaPlaylist p) {
    if (p.preloadHint() == null || p.preloadHint().type() != HintType.PART) {
      return;
    }
    if (p.partTarget() == null) {
      out.add("EXT-X-PRELOAD-HINT TYPE=PART in a playlist without EXT-X-PART-INF");
    }
    String uri = p.preloadHint().uri();
    boolean listed = p.segments().stream().anyMatch(s -> s.uri().equals(uri))
        || p.allParts().stream().anyMatch(part -> part.uri().equals(uri));
    if (listed) {
      out.add("EXT-X-PRELOAD-HINT names a resource already listed, not the part after the last one"
          + " (rfc8216bis 4.4.5.3)");
    }
  }
}
