package io.headwater.media.hls.codec;

import io.headwater.media.hls.codec.MasterPlaylist.AudioRendition;
import io.headwater.media.hls.codec.MasterPlaylist.Variant;
import io.headwater.media.hls.codec.MediaPlaylist.Part;
import io.headwater.media.hls.codec.MediaPlaylist.RenditionReport;
import io.headwater.media.hls.codec.MediaPlaylist.ServerControl;
import java.time.Instant;
import java.util.List;

/**
 * Renders playlist models as m3u8 text (RFC 8216 4, LL-HLS tags of rfc8216bis 4.4), byte for byte the same
 * for the same model, and refuses a model that breaks {@link PlaylistRules} with
 * {@link InvalidPlaylistException}. The packager calls it each time its window changes; it decides nothing
 * about what is listed.
 *
 * <p>Media playlist layout: header tags (VERSION, TARGETDURATION, SERVER-CONTROL, PART-INF, MEDIA-SEQUENCE,
 * DISCONTINUITY-SEQUENCE, INDEPENDENT-SEGMENTS, SKIP), then per segment DISCONTINUITY, MAP,
 * PROGRAM-DATE-TIME, its PARTs, EXTINF and URI; then the parts of the segment in progress, PRELOAD-HINT,
 * RENDITION-REPORTs and ENDLIST. DISCONTINUITY precedes MAP so that a player that numbers init segments by
 * discontinuity (hls.js) gives the new init the new number. Lines end with LF (RFC 8216 4.1).
 */
public final class PlaylistWriter {
  private PlaylistWriter() {}

  public static String write(MediaPlaylist p) {
    List<String> violations = PlaylistRules.violations(p);
    if (!violations.isEmpty()) {
      throw new InvalidPlaylistException(violations);
    }
    StringBuilder out = new StringBuilder(256 + 96 * p.segments().size());
    line(out, "#EXTM3U");
    line(out, "#EXT-X-VERSION:" + p.version());
    line(out, "#EXT-X-TARGETDURATION:" + p.targetDuration());
    if (p.serverControl() != null) {
      line(out, "#EXT-X-SERVER-CONTROL:" + serverControl(p.serverControl()));
    }
    if (p.partTarget() != null) {
      line(out, "#EXT-X-PART-INF:PART-TARGET=" + PlaylistSyntax.decimal(p.partTarget()));
    }
    line(out, "#EXT-X-MEDIA-SEQUENCE:" + p.mediaSequence());
    // RFC 8216 4.3.3.3: written even at 0, so that a reload after a discontinuity slid out differs only in value.
    line(out, "#EXT-X-DISCONTINUITY-SEQUENCE:" + p.discontinuitySequence());
    if (p.independentSegments()) {
      line(out, "#EXT-X-INDEPENDENT-SEGMENTS");
    }
    if (p.skippedSegments() > 0) {
      line(out, "#EXT-X-SKIP:SKIPPED-SEGMENTS=" + p.skippedSegments());
    }
    String pendingMap = p.map();
    for (var s : p.segments()) {
      segmentTags(out, s.discontinuity(), s.map() != null ? s.map() : pendingMap, s.programDateTime());
      pendingMap = null;
      parts(out, s.parts());
      line(out, "#EXTINF:" + PlaylistSyntax.decimal(s.duration()) + ",");
      line(out, s.uri());
    }
    if (p.next() != null) {
      var n = p.next();
      segmentTags(out, n.discontinuity(), n.map() != null ? n.map() : pendingMap, n.programDateTime());
      parts(out, n.parts());
    } else if (pendingMap != null) {
      // No segment yet: the map still tells a player which init segment to fetch first.
      line(out, "#EXT-X-MAP:URI=" + quoted(pendingMap));
    }
    if (p.preloadHint() != null) {
      line(out, "#EXT-X-PRELOAD-HINT:TYPE=" + p.preloadHint().type() + ",URI=" + quoted(p.preloadHint().uri()));
    }
    out.append(renditionReports(p.renditionReports()));
    if (p.endList()) {
      line(out, "#EXT-X-ENDLIST");
    }
    return out.toString();
  }

  /**
   * EXT-X-RENDITION-REPORT lines (rfc8216bis 4.4.5.4), for a server that appends fresh reports to a cached
   * playlist without EXT-X-ENDLIST: they are the last lines of such a playlist.
   */
  public static String renditionReports(List<RenditionReport> reports) {
    StringBuilder out = new StringBuilder();
    for (RenditionReport r : reports) {
      line(out, "#EXT-X-RENDITION-REPORT:URI=" + quoted(r.uri()) + ",LAST-MSN=" + r.lastMsn()
          + (r.lastPart() != null ? ",LAST-PART=" + r.lastPart() : ""));
    }
    return out.toString();
  }

  public static String write(MasterPlaylist m) {
    List<String> violations = PlaylistRules.violations(m);
    if (!violations.isEmpty()) {
      throw new InvalidPlaylistException(violations);
    }
    StringBuilder out = new StringBuilder(256);
    line(out, "#EXTM3U");
    line(out, "#EXT-X-VERSION:" + m.version());
    if (m.independentSegments()) {
      line(out, "#EXT-X-INDEPENDENT-SEGMENTS");
    }
    for (AudioRendition a : m.audio()) {
      line(out, "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=" + quoted(a.groupId()) + ",NAME=" + quoted(a.name())
          + (a.language() != null ? ",LANGUAGE=" + quoted(a.language()) : "")
          + (a.isDefault() ? ",DEFAULT=YES" : "")
          + (a.autoselect() ? ",AUTOSELECT=YES" : "")
          + (a.channels() != null ? ",CHANNELS=" + quoted(a.channels()) : "")
          + (a.uri() != null ? ",URI=" + quoted(a.uri()) : ""));
    }
    for (Variant v : m.variants()) {
      line(out, "#EXT-X-STREAM-INF:BANDWIDTH=" + v.bandwidth()
          + (v.averageBandwidth() != null ? ",AVERAGE-BANDWIDTH=" + v.averageBandwidth() : "")
          + (v.codecs() != null ? ",CODECS=" + quoted(v.codecs()) : "")
          + (v.resolution() != null ? ",RESOLUTION=" + v.resolution() : "")
          + (v.frameRate() != null ? ",FRAME-RATE=" + PlaylistSyntax.frameRate(v.frameRate()) : "")
          + (v.audioGroup() != null ? ",AUDIO=" + quoted(v.audioGroup()) : ""));
      line(out, v.uri());
    }
    return out.toString();
  }

  private static String serverControl(ServerControl c) {
    StringBuilder s = new StringBuilder();
    if (c.canBlockReload()) {
      s.append(",CAN-BLOCK-RELOAD=YES");
    }
    if (c.partHoldBack() != null) {
      s.append(",PART-HOLD-BACK=").append(PlaylistSyntax.decimal(c.partHoldBack()));
    }
    if (c.holdBack() != null) {
      s.append(",HOLD-BACK=").append(PlaylistSyntax.decimal(c.holdBack()));
    }
    if (c.canSkipUntil() != null) {
      s.append(",CAN-SKIP-UNTIL=").append(PlaylistSyntax.decimal(c.canSkipUntil()));
    }
    return s.length() == 0 ? "" : s.substring(1);
  }

  private static void segmentTags(StringBuilder out, boolean discontinuity, String map, Instant programDateTime) {
    if (discontinuity) {
      line(out, "#EXT-X-DISCONTINUITY");
    }
    if (map != null) {
      line(out, "#EXT-X-MAP:URI=" + quoted(map));
    }
    if (programDateTime != null) {
      line(out, "#EXT-X-PROGRAM-DATE-TIME:" + PlaylistSyntax.dateTime(programDateTime));
    }
  }

  private static void parts(StringBuilder out, List<Part> parts) {
    for (Part part : parts) {
      line(out, "#EXT-X-PART:DURATION=" + PlaylistSyntax.decimal(part.duration()) + ",URI=" + quoted(part.uri())
          + (part.independent() ? ",INDEPENDENT=YES" : ""));
    }
  }

  // RFC 8216 4.2 quoted-string; PlaylistRules has refused values with a quote, CR or LF.
  private static String quoted(String value) {
    return "\"" + value + "\"";
  }

  private static void line(StringBuilder out, String line) {
    out.append(line).append('\n');
  }
}
