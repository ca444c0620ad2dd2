package io.headwater.media.hls.codec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One rendition's media playlist as the packager sees its window (RFC 8216 4.3.3, LL-HLS extensions of
 * draft-pantos-hls-rfc8216bis): which segments and parts are listed is the packager's decision; this record
 * only carries it to {@link PlaylistWriter} and back from {@link PlaylistParser}. Durations are seconds.
 * Optional values are null when absent; lists are never null.
 *
 * @param targetDuration EXT-X-TARGETDURATION, whole seconds (RFC 8216 4.3.3.1)
 * @param mediaSequence EXT-X-MEDIA-SEQUENCE: the Media Sequence Number of the first segment (4.3.3.2)
 * @param discontinuitySequence EXT-X-DISCONTINUITY-SEQUENCE (4.3.3.3)
 * @param independentSegments EXT-X-INDEPENDENT-SEGMENTS: every segment starts with a keyframe (4.3.5.1)
 * @param map EXT-X-MAP URI of the init segment in effect for the first listed segment (4.3.2.5); a later
 *     change is {@link Segment#map()}; null when segments carry their own init (MPEG-TS)
 * @param serverControl EXT-X-SERVER-CONTROL (rfc8216bis 4.4.3.8), null when absent
 * @param partTarget EXT-X-PART-INF PART-TARGET (rfc8216bis 4.4.3.7), null when the playlist has no parts
 * @param skippedSegments EXT-X-SKIP SKIPPED-SEGMENTS of a Playlist Delta Update (rfc8216bis 4.4.5.2): that
 *     many segments from mediaSequence on are left out; 0 for a full playlist
 * @param segments the complete segments listed, oldest first
 * @param next the segment in progress, whose parts are already listed (LL-HLS), null when none
 * @param preloadHint EXT-X-PRELOAD-HINT (rfc8216bis 4.4.5.3), null when absent
 * @param renditionReports EXT-X-RENDITION-REPORT for each other rendition (rfc8216bis 4.4.5.4)
 * @param endList EXT-X-ENDLIST: no segment will ever be added (RFC 8216 4.3.3.4)
 */
public record MediaPlaylist(
    int targetDuration,
    long mediaSequence,
    long discontinuitySequence,
    boolean independentSegments,
    String map,
    ServerControl serverControl,
    Double partTarget,
    int skippedSegments,
    List<Segment> segments,
    NextSegment next,
    PreloadHint preloadHint,
    List<RenditionReport> renditionReports,
    boolean endList) {

  public MediaPlaylist {
    requireNonNegative(targetDuration, "targetDuration");
    requireNonNegative(mediaSequence, "mediaSequence");
    requireNonNegative(discontinuitySequence, "discontinuitySequence");
    requireNonNegative(skippedSegments, "skippedSegments");
    if (partTarget != null) {
      requireDuration(partTarget, "partTarget");
    }
    segments = List.copyOf(segments);
    renditionReports = List.copyOf(renditionReports);
  }

  /**
   * A plain window of keyframe-aligned segments (so with EXT-X-INDEPENDENT-SEGMENTS): no LL-HLS, no delta
   * update, nothing in progress.
   */
  public static MediaPlaylist live(int targetDuration, long mediaSequence, long discontinuitySequence, String map,
      List<Segment> segments, boolean endList) {
    return new MediaPlaylist(targetDuration, mediaSequence, discontinuitySequence, true, map, null, null, 0,
        segments, null, null, List.of(), endList);
  }

  /**
   * The EXT-X-VERSION the writer declares: the lowest the content needs. RFC 8216 7: 3 for decimal EXTINF
   * durations (always written); 6 for EXT-X-MAP outside an I-frame playlist (4.3.2.5); rfc8216bis 8: 9 for
   * EXT-X-SKIP. The LL-HLS tags (PART, PART-INF, SERVER-CONTROL, PRELOAD-HINT, RENDITION-REPORT) raise no
   * version: rfc8216bis 8 names none of them, and Apple's LL-HLS example declares 6.
   */
  public int version() {
    if (skippedSegments > 0) {
      return 9;
    }
    boolean anyMap = map != null || (next != null && next.map() != null)
        || segments.stream().anyMatch(s -> s.map() != null);
    return anyMap ? 6 : 3;
  }

  /** The Media Sequence Number of {@code segments().get(0)}: a delta update skips the first ones. */
  public long firstListedSequence() {
    return mediaSequence + skippedSegments;
  }

  /** Every part listed: those of complete segments, then those of the segment in progress. */
  public List<Part> allParts() {
    var parts = new ArrayList<Part>();
    segments.forEach(s -> parts.addAll(s.parts()));
    if (next != null) {
      parts.addAll(next.parts());
    }
    return parts;
  }

  /**
   * One complete media segment (RFC 8216 3): its URI line, its EXTINF and the tags that apply to it.
   *
   * @param programDateTime EXT-X-PROGRAM-DATE-TIME of its first sample, null when not written (4.3.2.6)
   * @param discontinuity EXT-X-DISCONTINUITY before it (4.3.2.3)
   * @param parts its EXT-X-PART tags while it is near the live edge, oldest first (rfc8216bis 4.4.4.9)
   * @param map EXT-X-MAP URI when the init segment changes at this segment (after a discontinuity)
   */
  public record Segment(String uri, double duration, Instant programDateTime, boolean discontinuity,
      List<Part> parts, String map) {
    public Segment {
      Objects.requireNonNull(uri, "uri");
      requireDuration(duration, "segment duration");
      parts = List.copyOf(parts);
    }

    /** A segment listed without parts, program date-time or tags. */
    public static Segment of(String uri, double duration) {
      return new Segment(uri, duration, null, false, List.of(), null);
    }
  }

  /**
   * The segment being built at the live edge, listed only through the parts it has so far. Its tags come
   * before its first EXT-X-PART, as they would before a segment (rfc8216bis 4.4.4.9).
   */
  public record NextSegment(Instant programDateTime, boolean discontinuity, List<Part> parts, String map) {
    public NextSegment {
      parts = List.copyOf(parts);
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("a segment in progress is listed through at least one part");
      }
    }

    public static NextSegment of(List<Part> parts) {
      return new NextSegment(null, false, parts, null);
    }
  }

  /** EXT-X-PART (rfc8216bis 4.4.4.9); independent is INDEPENDENT=YES: it starts with a keyframe. */
  public record Part(String uri, double duration, boolean independent) {
    public Part {
      Objects.requireNonNull(uri, "uri");
      requireDuration(duration, "part duration");
    }
  }

  /**
   * EXT-X-SERVER-CONTROL (rfc8216bis 4.4.3.8). Null hold-backs and skip boundary are not written.
   *
   * @param canBlockReload CAN-BLOCK-RELOAD=YES: the server answers _HLS_msn/_HLS_part requests
   * @param partHoldBack PART-HOLD-BACK, required when parts are listed
   * @param holdBack HOLD-BACK
   * @param canSkipUntil CAN-SKIP-UNTIL: the Skip Boundary of delta updates
   */
  public record ServerControl(boolean canBlockReload, Double partHoldBack, Double holdBack, Double canSkipUntil) {
    public ServerControl {
      for (Double d : new Double[] {partHoldBack, holdBack, canSkipUntil}) {
        if (d != null) {
          requireDuration(d, "server control duration");
        }
      }
    }
  }

  /**
   * EXT-X-PRELOAD-HINT (rfc8216bis 4.4.5.3): the resource that will be listed next. gohlslib always lists
   * one in an LL-HLS playlist because hls.js reloads in a loop without it.
   */
  public record PreloadHint(HintType type, String uri) {
    public PreloadHint {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(uri, "uri");
    }
  }

  /** TYPE of a preload hint: a partial segment or a media initialization section. */
  public enum HintType { PART, MAP }

  /**
   * EXT-X-RENDITION-REPORT (rfc8216bis 4.4.5.4): how far another rendition's playlist has got.
   *
   * @param uri that rendition's media playlist, relative to this one
   * @param lastMsn the Media Sequence Number of its last segment, or of its last part
   * @param lastPart the Part Index of its last part, null when it has no parts
   */
  public record RenditionReport(String uri, long lastMsn, Integer lastPart) {
    public RenditionReport {
      Objects.requireNonNull(uri, "uri");
      requireNonNegative(lastMsn, "lastMsn");
      if (lastPart != null) {
        requireNonNegative(lastPart, "lastPart");
      }
    }
  }

  /** An EXTINF duration rounded to whole seconds as players read it, what EXT-X-TARGETDURATION must cover. */
  public static long roundedSeconds(double seconds) {
    return PlaylistSyntax.roundedSeconds(seconds);
  }

  static void requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " " + value + " is negative");
    }
  }

  static void requireDuration(double seconds, String name) {
    if (!Double.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
      throw new IllegalArgumentException(name + " " + seconds + " is not a number of seconds in [0, 86400]");
    }
  }
}
