package io.headwater.media.hls.codec;

import io.headwater.media.hls.codec.MasterPlaylist.AudioRendition;
import io.headwater.media.hls.codec.MasterPlaylist.Variant;
import io.headwater.media.hls.codec.MediaPlaylist.Part;
import io.headwater.media.hls.codec.MediaPlaylist.Segment;
import io.headwater.media.hls.codec.MediaPlaylist.ServerControl;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules one playlist must meet for the writer to render it: the spec's MUSTs that a model can break and
 * the text could not express (an EXTINF above the target duration, a URI that would end its line). The
 * writer refuses a model that breaks any; {@link PlaylistChecker} reports them along with its SHOULDs.
 * Segments are named by Media Sequence Number and parts by "msn.index", never by URI (URIs can carry tokens).
 */
final class PlaylistRules {
  private PlaylistRules() {}

  static List<String> violations(MediaPlaylist p) {
    List<String> out = new ArrayList<>();
    if (p.targetDuration() < 1) {
      out.add("EXT-X-TARGETDURATION " + p.targetDuration() + " is below 1 second (RFC 8216 4.3.3.1)");
    }
    uri(out, "EXT-X-MAP", p.map());
    long msn = p.firstListedSequence();
    for (Segment s : p.segments()) {
      String where = "segment " + msn;
      uri(out, where, s.uri());
      uri(out, where + " EXT-X-MAP", s.map());
      long rounded = PlaylistSyntax.roundedSeconds(s.duration());
      if (rounded > p.targetDuration()) {
        out.add(where + ": EXTINF " + PlaylistSyntax.decimal(s.duration()) + " rounds to " + rounded
            + ", above EXT-X-TARGETDURATION " + p.targetDuration() + " (RFC 8216 4.3.3.1)");
      }
      parts(out, p, msn, s.parts());
      msn++;
    }
    if (p.next() != null) {
      uri(out, "segment in progress (" + msn + ") EXT-X-MAP", p.next().map());
      parts(out, p, msn, p.next().parts());
    }
    firstMap(out, p);
    lowLatency(out, p);
    if (p.preloadHint() != null) {
      uri(out, "EXT-X-PRELOAD-HINT", p.preloadHint().uri());
    }
    for (var report : p.renditionReports()) {
      uri(out, "EXT-X-RENDITION-REPORT", report.uri());
    }
    return out;
  }

  private static void parts(List<String> out, MediaPlaylist p, long msn, List<Part> parts) {
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      String where = "part " + msn + "." + i;
      uri(out, where, part.uri());
      if (p.partTarget() != null && exceeds(part.duration(), p.partTarget())) {
        out.add(where + ": DURATION " + PlaylistSyntax.decimal(part.duration()) + " is above PART-TARGET "
            + PlaylistSyntax.decimal(p.partTarget()) + " (rfc8216bis 4.4.4.9)");
      }
    }
  }

  // The parser reads an EXT-X-MAP before the first listed segment as the playlist's map, so a map on that
  // segment could not come back as written: it belongs in MediaPlaylist.map.
  private static void firstMap(List<String> out, MediaPlaylist p) {
    String firstMap = !p.segments().isEmpty() ? p.segments().get(0).map()
        : p.next() != null ? p.next().map() : null;
    if (firstMap != null) {
      out.add("the first listed segment carries its own EXT-X-MAP: the map in effect for it is the playlist's");
    }
  }

  private static void lowLatency(List<String> out, MediaPlaylist p) {
    boolean hasParts = !p.allParts().isEmpty();
    Double partTarget = p.partTarget();
    ServerControl control = p.serverControl();
    if (hasParts && partTarget == null) {
      out.add("parts are listed without EXT-X-PART-INF (rfc8216bis 4.4.3.7)");
    }
    if (partTarget != null && partTarget <= 0) {
      out.add("PART-TARGET is not positive (rfc8216bis 4.4.3.7)");
    }
    if (partTarget != null && (control == null || control.partHoldBack() == null)) {
      out.add("EXT-X-PART-INF without PART-HOLD-BACK in EXT-X-SERVER-CONTROL (rfc8216bis 4.4.3.8)");
    }
    if (control != null) {
      if (!control.canBlockReload() && control.partHoldBack() == null && control.holdBack() == null
          && control.canSkipUntil() == null) {
        out.add("EXT-X-SERVER-CONTROL with no attribute to write (rfc8216bis 4.4.3.8)");
      }
      if (partTarget != null && control.partHoldBack() != null && below(control.partHoldBack(), 2 * partTarget)) {
        out.add("PART-HOLD-BACK " + PlaylistSyntax.decimal(control.partHoldBack())
            + " is less than twice PART-TARGET (rfc8216bis 4.4.3.8)");
      }
      if (control.holdBack() != null && below(control.holdBack(), 3.0 * p.targetDuration())) {
        out.add("HOLD-BACK " + PlaylistSyntax.decimal(control.holdBack())
            + " is less than three target durations (rfc8216bis 4.4.3.8)");
      }
      if (control.canSkipUntil() != null && below(control.canSkipUntil(), 6.0 * p.targetDuration())) {
        out.add("CAN-SKIP-UNTIL " + PlaylistSyntax.decimal(control.canSkipUntil())
            + " is less than six target durations (rfc8216bis 4.4.3.8)");
      }
    }
    if (p.skippedSegments() > 0 && (control == null || control.canSkipUntil() == null || p.endList())) {
      out.add("EXT-X-SKIP in a playlist without CAN-SKIP-UNTIL or with EXT-X-ENDLIST (rfc8216bis 6.2.5.1)");
    }
    if (p.endList() && p.preloadHint() != null) {
      out.add("EXT-X-PRELOAD-HINT in a playlist with EXT-X-ENDLIST (rfc8216bis 4.4.5.3)");
    }
    if (p.endList() && p.next() != null) {
      out.add("a segment in progress in a playlist with EXT-X-ENDLIST (RFC 8216 4.3.3.4)");
    }
  }

  static List<String> violations(MasterPlaylist m) {
    List<String> out = new ArrayList<>();
    if (m.variants().isEmpty()) {
      out.add("no EXT-X-STREAM-INF (RFC 8216 4.3.4.2)");
    }
    Map<String, Set<String>> namesByGroup = new HashMap<>();
    Set<String> groupsWithDefault = new HashSet<>();
    for (AudioRendition a : m.audio()) {
      String where = "EXT-X-MEDIA " + (PlaylistSyntax.isToken(a.groupId()) ? a.groupId() : "?") + "/"
          + (PlaylistSyntax.isToken(a.name()) ? a.name() : "?");
      token(out, where + " GROUP-ID", a.groupId());
      token(out, where + " NAME", a.name());
      if (a.language() != null) {
        token(out, where + " LANGUAGE", a.language());
      }
      if (a.channels() != null && !PlaylistSyntax.isChannels(a.channels())) {
        out.add(where + ": CHANNELS is not a channel count");
      }
      uri(out, where, a.uri());
      if (!namesByGroup.computeIfAbsent(a.groupId(), g -> new HashSet<>()).add(a.name())) {
        out.add(where + ": two renditions of a group share a NAME (RFC 8216 4.3.4.1.1)");
      }
      if (a.isDefault() && !groupsWithDefault.add(a.groupId())) {
        out.add(where + ": a second DEFAULT=YES in its group (RFC 8216 4.3.4.1.1)");
      }
      if (a.isDefault() && !a.autoselect()) {
        out.add(where + ": DEFAULT=YES without AUTOSELECT=YES (RFC 8216 4.3.4.1)");
      }
    }
    for (int i = 0; i < m.variants().size(); i++) {
      Variant v = m.variants().get(i);
      String where = "variant " + i;
      uri(out, where, v.uri());
      if (v.bandwidth() < 1) {
        out.add(where + ": BANDWIDTH is 0 (RFC 8216 4.3.4.2)");
      }
      if (v.averageBandwidth() != null && v.averageBandwidth() > v.bandwidth()) {
        out.add(where + ": AVERAGE-BANDWIDTH is above the peak BANDWIDTH (RFC 8216 4.3.4.2)");
      }
      if (v.codecs() != null && !PlaylistSyntax.isCodecs(v.codecs())) {
        out.add(where + ": CODECS is not a list of RFC 6381 codec strings");
      }
      if (v.audioGroup() != null && !namesByGroup.containsKey(v.audioGroup())) {
        out.add(where + ": AUDIO names no EXT-X-MEDIA GROUP-ID (RFC 8216 4.3.4.2)");
      }
    }
    return out;
  }

  private static void uri(List<String> out, String where, String uri) {
    if (uri != null && !PlaylistSyntax.isUri(uri)) {
      out.add(where + ": URI of " + uri.length()
          + " characters has one that cannot stand in a playlist (quote, comma, space, control, non-ASCII,"
          + " leading '#') or is too long");
    }
  }

  private static void token(List<String> out, String where, String value) {
    if (!PlaylistSyntax.isToken(value)) {
      out.add(where + " is not a token of letters, digits, '.', '_' and '-'");
    }
  }

  /** a > b as a player reads both, after rendering. */
  static boolean exceeds(double a, double b) {
    return PlaylistSyntax.rounded(a).compareTo(PlaylistSyntax.rounded(b)) > 0;
  }

  /** a < b as rendered; b is a bound computed from rendered values. */
  static boolean below(double a, double bound) {
    return PlaylistSyntax.rounded(a).compareTo(PlaylistSyntax.rounded(bound)) < 0;
  }

  static BigDecimal sum(List<Part> parts) {
    return parts.stream().map(part -> PlaylistSyntax.rounded(part.duration())).reduce(BigDecimal.ZERO,
        BigDecimal::add);
  }
}
