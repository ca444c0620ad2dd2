package io.headwater.media.hls.codec;

import static io.headwater.media.hls.codec.PlaylistParser.attributes;
import static io.headwater.media.hls.codec.PlaylistParser.problem;

import io.headwater.media.hls.codec.MediaPlaylist.HintType;
import io.headwater.media.hls.codec.MediaPlaylist.NextSegment;
import io.headwater.media.hls.codec.MediaPlaylist.Part;
import io.headwater.media.hls.codec.MediaPlaylist.PreloadHint;
import io.headwater.media.hls.codec.MediaPlaylist.RenditionReport;
import io.headwater.media.hls.codec.MediaPlaylist.Segment;
import io.headwater.media.hls.codec.MediaPlaylist.ServerControl;
import io.headwater.media.hls.codec.PlaylistParser.Line;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One pass over a media playlist's lines for {@link PlaylistParser}. Media segment tags (DISCONTINUITY, MAP,
 * PROGRAM-DATE-TIME, PART, EXTINF) gather until a URI line closes the segment; parts still gathered at the
 * end are the segment in progress. The EXT-X-MAP before the first listed segment is the playlist's map.
 */
final class MediaPlaylistReader {
  private static final Set<String> UNSUPPORTED = Set.of("EXT-X-BYTERANGE", "EXT-X-GAP", "EXT-X-I-FRAMES-ONLY",
      "EXT-X-DEFINE");

  private final Set<String> seen = new HashSet<>();
  private Long targetDuration;
  private long mediaSequence;
  private long discontinuitySequence;
  private boolean independent;
  private ServerControl serverControl;
  private Double partTarget;
  private int skipped;
  private boolean endList;
  private String playlistMap;
  private final List<Segment> segments = new ArrayList<>();
  private PreloadHint hint;
  private final List<AttributeList> reports = new ArrayList<>();

  // Tags gathered for the segment not yet closed by its URI line.
  private boolean discontinuity;
  private String map;
  private Instant programDateTime;
  private final List<Part> parts = new ArrayList<>();
  private Double extinf;
  private Line firstPending;

  MediaPlaylist read(List<Line> lines) throws PlaylistParseException {
    for (Line line : lines) {
      if (line.isComment()) {
        continue;
      }
      try {
        if (line.isTag()) {
          tag(line);
        } else {
          uriLine(line);
        }
      } catch (PlaylistParseException | IllegalArgumentException e) {
        // Attribute lists and model records name the tag; the line number is added here, once.
        throw line.error(e.getMessage());
      }
    }
    try {
      return finish();
    } catch (IllegalArgumentException e) {
      throw new PlaylistParseException(e.getMessage());
    }
  }

  private void tag(Line line) throws PlaylistParseException {
    String name = line.tagName();
    if (PlaylistParser.MASTER_TAGS.contains(name)) {
      throw problem(name + " is a master playlist tag in a media playlist (RFC 8216 4.1)");
    }
    if (UNSUPPORTED.contains(name)) {
      throw problem(name + " is not supported");
    }
    switch (name) {
      case "EXTM3U" -> throw problem("#EXTM3U again");
      case "EXT-X-VERSION" -> {
        once(name);
        PlaylistParser.version(line);
      }
      case "EXT-X-TARGETDURATION" -> {
        once(name);
        targetDuration = integer(line, 86_400);
      }
      case "EXT-X-MEDIA-SEQUENCE" -> {
        once(name);
        beforeFirstSegment(name);
        mediaSequence = integer(line, Long.MAX_VALUE);
      }
      case "EXT-X-DISCONTINUITY-SEQUENCE" -> {
        once(name);
        beforeFirstSegment(name);
        discontinuitySequence = integer(line, Long.MAX_VALUE);
      }
      case "EXT-X-SKIP" -> {
        once(name);
        beforeFirstSegment(name);
        skipped = (int) attributes(line).requiredInteger("SKIPPED-SEGMENTS");
        if (skipped > 1_000_000) {
          throw problem("EXT-X-SKIP: SKIPPED-SEGMENTS " + skipped + " is out of range");
        }
      }
      case "EXT-X-INDEPENDENT-SEGMENTS" -> independent = noValue(line);
      case "EXT-X-ENDLIST" -> {
        once(name);
        endList = noValue(line);
      }
      case "EXT-X-SERVER-CONTROL" -> {
        once(name);
        AttributeList a = attributes(line);
        serverControl = new ServerControl(a.yes("CAN-BLOCK-RELOAD"), a.decimalFloat("PART-HOLD-BACK"),
            a.decimalFloat("HOLD-BACK"), a.decimalFloat("CAN-SKIP-UNTIL"));
      }
      case "EXT-X-PART-INF" -> {
        once(name);
        partTarget = attributes(line).requiredFloat("PART-TARGET");
      }
      case "EXT-X-KEY" -> {
        if (!"NONE".equals(attributes(line).enumerated("METHOD"))) {
          throw problem("EXT-X-KEY: encrypted media is not supported");
        }
      }
      case "EXT-X-DISCONTINUITY" -> {
        segmentTag(line);
        discontinuity = noValue(line);
      }
      case "EXT-X-MAP" -> {
        AttributeList a = attributes(line);
        a.unsupported("BYTERANGE");
        if (map != null) {
          throw problem("EXT-X-MAP: a second one for the same segment");
        }
        segmentTag(line);
        map = a.uri("URI");
      }
      case "EXT-X-PROGRAM-DATE-TIME" -> {
        segmentTag(line);
        programDateTime = dateTime(line);
      }
      case "EXT-X-PART" -> {
        if (extinf != null) {
          throw problem("EXT-X-PART between an EXTINF and its URI line (rfc8216bis 4.4.4.9)");
        }
        AttributeList a = attributes(line);
        a.unsupported("BYTERANGE");
        a.unsupported("GAP");
        pending(line);
        parts.add(new Part(a.uri("URI"), a.requiredFloat("DURATION"), a.yes("INDEPENDENT")));
      }
      case "EXTINF" -> {
        if (extinf != null) {
          throw problem("EXTINF: a second one before the URI line");
        }
        pending(line);
        extinf = extinf(line);
      }
      case "EXT-X-PRELOAD-HINT" -> preloadHint(attributes(line));
      case "EXT-X-RENDITION-REPORT" -> {
        AttributeList a = attributes(line);
        a.uri("URI");
        a.decimalInteger("LAST-MSN");
        a.decimalInteger("LAST-PART");
        reports.add(a);
      }
      default -> {
        // RFC 8216 6.3.1: unrecognized tags are ignored; so are the known ones this model leaves out
        // (EXT-X-PLAYLIST-TYPE, EXT-X-START, EXT-X-DATERANGE, EXT-X-BITRATE), which change no segment.
      }
    }
  }

  private void uriLine(Line line) throws PlaylistParseException {
    if (extinf == null) {
      throw problem("URI line without EXTINF (RFC 8216 4.3.2.1)");
    }
    boolean first = segments.isEmpty();
    segments.add(new Segment(line.text(), extinf, programDateTime, discontinuity, parts, first ? null : map));
    if (first) {
      playlistMap = map;
    }
    discontinuity = false;
    map = null;
    programDateTime = null;
    parts.clear();
    extinf = null;
    firstPending = null;
  }

  private MediaPlaylist finish() throws PlaylistParseException {
    if (targetDuration == null) {
      throw problem("EXT-X-TARGETDURATION missing (RFC 8216 4.3.3.1)");
    }
    if (extinf != null) {
      throw firstPending.error("EXTINF has no URI line (RFC 8216 4.3.2.1)");
    }
    NextSegment next = null;
    if (!parts.isEmpty()) {
      boolean first = segments.isEmpty();
      next = new NextSegment(programDateTime, discontinuity, parts, first ? null : map);
      if (first) {
        playlistMap = map;
      }
    } else if (firstPending != null) {
      if (discontinuity || programDateTime != null || !segments.isEmpty()) {
        throw firstPending.error("segment tags that no segment or part follows");
      }
      playlistMap = map; // a playlist with an init segment and no media yet
    }
    MediaPlaylist partial = new MediaPlaylist(targetDuration.intValue(), mediaSequence, discontinuitySequence,
        independent, playlistMap, serverControl, partTarget, skipped, segments, next, hint, List.of(), endList);
    return new MediaPlaylist(partial.targetDuration(), mediaSequence, discontinuitySequence, independent,
        playlistMap, serverControl, partTarget, skipped, segments, next, hint, renditionReports(partial), endList);
  }

  // rfc8216bis 4.4.5.4: a server MAY omit an attribute whose value equals this playlist's own report, so an
  // absent LAST-MSN or LAST-PART is read as this playlist's last Media Sequence Number or Part Index.
  private List<RenditionReport> renditionReports(MediaPlaylist own) throws PlaylistParseException {
    long lastMsn = own.firstListedSequence() + own.segments().size() - (own.next() == null ? 1 : 0);
    List<Part> lastParts = own.next() != null ? own.next().parts()
        : own.segments().isEmpty() ? List.of() : own.segments().get(own.segments().size() - 1).parts();
    List<RenditionReport> out = new ArrayList<>();
    for (AttributeList a : reports) {
      Long msn = a.decimalInteger("LAST-MSN");
      Long part = a.decimalInteger("LAST-PART");
      if (msn == null && lastMsn < 0) {
        throw a.error("LAST-MSN omitted in a playlist with no segment to take it from");
      }
      if (part == null && !lastParts.isEmpty()) {
        part = (long) lastParts.size() - 1;
      }
      if (part != null && part > Integer.MAX_VALUE) {
        throw a.error("LAST-PART " + part + " is out of range");
      }
      out.add(new RenditionReport(a.uri("URI"), msn != null ? msn : lastMsn, part == null ? null : part.intValue()));
    }
    return out;
  }

  private void preloadHint(AttributeList a) throws PlaylistParseException {
    String type = a.enumerated("TYPE");
    String uri = a.uri("URI");
    if (type == null) {
      throw a.missing("TYPE");
    }
    a.unsupported("BYTERANGE-START");
    a.unsupported("BYTERANGE-LENGTH");
    // rfc8216bis 6.3.8: clients ignore unrecognized TYPEs and all but the first hint of a TYPE; this model
    // holds one hint, the first.
    if (hint == null && (type.equals("PART") || type.equals("MAP"))) {
      hint = new PreloadHint(HintType.valueOf(type), uri);
    }
  }

  private void once(String name) throws PlaylistParseException {
    if (!seen.add(name)) {
      throw problem(name + " appears twice (RFC 8216 4.3.3)");
    }
  }

  private void beforeFirstSegment(String name) throws PlaylistParseException {
    if (!segments.isEmpty() || firstPending != null) {
      throw problem(name + " after the first media segment (RFC 8216 4.3.3)");
    }
  }

  // rfc8216bis 4.4.4.9: DISCONTINUITY, MAP and PROGRAM-DATE-TIME of a segment with parts come before its
  // first EXT-X-PART, since they apply to that part too.
  private void segmentTag(Line line) throws PlaylistParseException {
    if (!parts.isEmpty()) {
      throw problem(line.tagName() + " after the first EXT-X-PART of its segment (rfc8216bis 4.4.4.9)");
    }
    pending(line);
  }

  private void pending(Line line) {
    if (firstPending == null) {
      firstPending = line;
    }
  }

  private static boolean noValue(Line line) throws PlaylistParseException {
    if (line.tagValue() != null) {
      throw problem(line.tagName() + " takes no value");
    }
    return true;
  }

  private static long integer(Line line, long max) throws PlaylistParseException {
    String v = line.tagValue();
    if (v == null || !PlaylistSyntax.DECIMAL_INTEGER.matcher(v).matches() || Long.parseLong(v) > max) {
      throw problem(line.tagName() + " must be a decimal-integer up to " + max);
    }
    return Long.parseLong(v);
  }

  // RFC 8216 4.3.2.1: #EXTINF:<duration>,[<title>]; the title is not kept.
  private static double extinf(Line line) throws PlaylistParseException {
    String v = line.tagValue();
    int comma = v == null ? -1 : v.indexOf(',');
    if (comma < 0) {
      throw problem("EXTINF must be <duration>,[<title>]");
    }
    String duration = v.substring(0, comma);
    if (!PlaylistSyntax.DECIMAL_FLOAT.matcher(duration).matches()) {
      throw problem("EXTINF duration must be a decimal-floating-point, got " + AttributeList.shown(duration));
    }
    return Double.parseDouble(duration);
  }

  private static Instant dateTime(Line line) throws PlaylistParseException {
    String v = line.tagValue();
    try {
      if (v == null) {
        throw new DateTimeParseException("missing", "", 0);
      }
      return PlaylistSyntax.parseDateTime(v);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw problem("EXT-X-PROGRAM-DATE-TIME must be an ISO 8601 date-time with a time zone (RFC 8216 4.3.2.6)");
    }
  }
}
