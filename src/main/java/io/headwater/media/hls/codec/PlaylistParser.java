package io.headwater.media.hls.codec;

import io.headwater.media.hls.codec.MasterPlaylist.AudioRendition;
import io.headwater.media.hls.codec.MasterPlaylist.Resolution;
import io.headwater.media.hls.codec.MasterPlaylist.Variant;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Reads m3u8 text into {@link MediaPlaylist} or {@link MasterPlaylist}: tolerant of tags it does not know
 * (RFC 8216 6.3.1: clients ignore unrecognized tags), strict on the known tags it reads, and refusing tags
 * that change the meaning of what it models but that it does not model (byte ranges, encryption, gaps).
 * Bounded by {@link Limits}. Only {@link PlaylistParseException} escapes. Tests use it to read back what
 * the writer wrote; the cluster's origin fetch will use it on playlists fetched from another node.
 */
public final class PlaylistParser {
  /**
   * Guard rails on untrusted text.
   *
   * @param maxLines lines in the text, blank ones included
   * @param maxLineLength characters in one line
   */
  public record Limits(int maxLines, int maxLineLength) {
    public Limits {
      if (maxLines < 2 || maxLineLength < 16) {
        throw new IllegalArgumentException("limits " + maxLines + " lines of " + maxLineLength + " are too small");
      }
    }
  }

  /** Six hours of 2-second LL-HLS segments fit; so do URIs carrying long tokens. */
  public static final Limits DEFAULT_LIMITS = new Limits(200_000, 8_192);

  /** Tags that only a media playlist carries (RFC 8216 4.3.2, 4.3.3; rfc8216bis 4.4.4, 4.4.5). */
  static final Set<String> MEDIA_TAGS = Set.of("EXTINF", "EXT-X-TARGETDURATION", "EXT-X-MEDIA-SEQUENCE",
      "EXT-X-DISCONTINUITY-SEQUENCE", "EXT-X-ENDLIST", "EXT-X-PLAYLIST-TYPE", "EXT-X-I-FRAMES-ONLY",
      "EXT-X-PART", "EXT-X-PART-INF", "EXT-X-SERVER-CONTROL", "EXT-X-MAP", "EXT-X-DISCONTINUITY",
      "EXT-X-PROGRAM-DATE-TIME", "EXT-X-BYTERANGE", "EXT-X-KEY", "EXT-X-SKIP", "EXT-X-PRELOAD-HINT",
      "EXT-X-RENDITION-REPORT", "EXT-X-GAP", "EXT-X-BITRATE", "EXT-X-DATERANGE");
  /** Tags that only a master playlist carries (RFC 8216 4.3.4). */
  static final Set<String> MASTER_TAGS = Set.of("EXT-X-STREAM-INF", "EXT-X-MEDIA", "EXT-X-I-FRAME-STREAM-INF",
      "EXT-X-SESSION-DATA", "EXT-X-SESSION-KEY", "EXT-X-CONTENT-STEERING");

  private final Limits limits;

  public PlaylistParser() {
    this(DEFAULT_LIMITS);
  }

  public PlaylistParser(Limits limits) {
    this.limits = limits;
  }

  public MediaPlaylist parseMedia(String text) throws PlaylistParseException {
    return new MediaPlaylistReader().read(lines(text));
  }

  public MediaPlaylist parseMedia(byte[] utf8) throws PlaylistParseException {
    return parseMedia(decode(utf8));
  }

  public MasterPlaylist parseMaster(String text) throws PlaylistParseException {
    return readMaster(lines(text));
  }

  public MasterPlaylist parseMaster(byte[] utf8) throws PlaylistParseException {
    return parseMaster(decode(utf8));
  }

  /** One non-blank line after the header, with its 1-based number. */
  record Line(int number, String text) {
    boolean isTag() {
      return text.startsWith("#EXT");
    }

    boolean isComment() {
      return text.startsWith("#") && !isTag();
    }

    String tagName() {
      int colon = text.indexOf(':');
      return colon < 0 ? text.substring(1) : text.substring(1, colon);
    }

    /** The text after the tag's ':', or null when it has none. */
    String tagValue() {
      int colon = text.indexOf(':');
      return colon < 0 ? null : text.substring(colon + 1);
    }

    PlaylistParseException error(String what) {
      return new PlaylistParseException("line " + number + ": " + what);
    }
  }

  private String decode(byte[] utf8) throws PlaylistParseException {
    if ((long) utf8.length > (long) limits.maxLines() * (limits.maxLineLength() + 2)) {
      throw new PlaylistParseException("playlist of " + utf8.length + " bytes is longer than the limits allow");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException e) {
      throw new PlaylistParseException("playlist is not UTF-8 (RFC 8216 4.1)");
    }
  }

  /** RFC 8216 4.1 text rules: UTF-8 without BOM or control characters, LF or CRLF, #EXTM3U first. */
  List<Line> lines(String text) throws PlaylistParseException {
    if ((long) text.length() > (long) limits.maxLines() * (limits.maxLineLength() + 2)) {
      throw new PlaylistParseException("playlist of " + text.length() + " characters is longer than the limits allow");
    }
    if (text.startsWith("\uFEFF")) {
      throw new PlaylistParseException("playlist starts with a byte order mark (RFC 8216 4.1)");
    }
    List<Line> lines = new ArrayList<>();
    int start = 0;
    int number = 0;
    while (start < text.length()) {
      int lf = text.indexOf('\n', start);
      int end = lf < 0 ? text.length() : lf;
      number++;
      if (number > limits.maxLines()) {
        throw new PlaylistParseException("playlist has more than " + limits.maxLines() + " lines");
      }
      int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      if (contentEnd - start > limits.maxLineLength()) {
        throw new PlaylistParseException(
            "line " + number + " is longer than " + limits.maxLineLength() + " characters");
      }
      String line = text.substring(start, contentEnd);
      checkCharacters(line, number);
      if (number == 1 && !line.equals("#EXTM3U")) {
        throw new PlaylistParseException("line 1 is not #EXTM3U (RFC 8216 4.3.1.1)");
      }
      if (number > 1 && !line.isBlank()) {
        lines.add(new Line(number, line));
      }
      start = end + 1;
    }
    if (number == 0) {
      throw new PlaylistParseException("playlist is empty");
    }
    return lines;
  }

  // RFC 8216 4.1 forbids U+0000-U+001F and U+007F-U+009F but CR and LF; rfc8216bis lets TAB separate the IDs
  // of RECENTLY-REMOVED-DATERANGES, so TAB passes too.
  private static void checkCharacters(String line, int number) throws PlaylistParseException {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
        throw new PlaylistParseException(
            "line " + number + ": control character U+" + String.format("%04X", (int) c) + " at column " + (i + 1));
      }
    }
  }

  private static MasterPlaylist readMaster(List<Line> lines) throws PlaylistParseException {
    Integer version = null;
    boolean independent = false;
    List<AudioRendition> audio = new ArrayList<>();
    List<Variant> variants = new ArrayList<>();
    Variant pending = null;
    Line pendingLine = null;
    for (Line line : lines) {
      if (line.isComment()) {
        continue;
      }
      try {
        if (!line.isTag()) {
          if (pending == null) {
            throw problem("URI line without EXT-X-STREAM-INF (RFC 8216 4.3.4.2)");
          }
          variants.add(new Variant(line.text(), pending.bandwidth(), pending.averageBandwidth(), pending.codecs(),
              pending.resolution(), pending.frameRate(), pending.audioGroup()));
          pending = null;
          continue;
        }
        String name = line.tagName();
        if (MEDIA_TAGS.contains(name)) {
          throw problem(name + " is a media playlist tag in a master playlist (RFC 8216 4.1)");
        }
        switch (name) {
          case "EXTM3U" -> throw problem("#EXTM3U again");
          case "EXT-X-VERSION" -> {
            if (version != null) {
              throw problem("EXT-X-VERSION appears twice (RFC 8216 4.3.1.2)");
            }
            version = version(line);
          }
          case "EXT-X-INDEPENDENT-SEGMENTS" -> independent = true;
          case "EXT-X-MEDIA" -> {
            AttributeList a = attributes(line);
            if ("AUDIO".equals(a.enumerated("TYPE"))) {
              audio.add(new AudioRendition(a.quoted("GROUP-ID"), a.quoted("NAME"), a.optionalQuoted("LANGUAGE"),
                  a.yesOrNo("DEFAULT"), a.yesOrNo("AUTOSELECT"), a.optionalQuoted("CHANNELS"),
                  a.optionalQuoted("URI")));
            } else if (!a.has("TYPE")) {
              throw a.missing("TYPE");
            }
          }
          case "EXT-X-STREAM-INF" -> {
            if (pending != null) {
              throw problem("EXT-X-STREAM-INF while the one at line " + pendingLine.number() + " has no URI");
            }
            pending = streamInf(attributes(line));
            pendingLine = line;
          }
          default -> {
            // RFC 8216 6.3.1: unrecognized tags are ignored.
          }
        }
      } catch (PlaylistParseException | IllegalArgumentException e) {
        // Attribute lists and model records name the tag; the line number is added here, once.
        throw line.error(e.getMessage());
      }
    }
    if (pending != null) {
      throw pendingLine.error("EXT-X-STREAM-INF has no URI line (RFC 8216 4.3.4.2)");
    }
    if (variants.isEmpty()) {
      throw new PlaylistParseException("master playlist without EXT-X-STREAM-INF");
    }
    for (Variant v : variants) {
      if (v.audioGroup() != null && audio.stream().noneMatch(a -> a.groupId().equals(v.audioGroup()))) {
        throw new PlaylistParseException("AUDIO group " + AttributeList.shown(v.audioGroup())
            + " has no EXT-X-MEDIA (RFC 8216 4.3.4.2)");
      }
    }
    return new MasterPlaylist(version == null ? 1 : version, independent, audio, variants);
  }

  private static Variant streamInf(AttributeList a) throws PlaylistParseException {
    Resolution resolution = null;
    String res = a.enumerated("RESOLUTION");
    if (res != null) {
      Matcher m = PlaylistSyntax.RESOLUTION.matcher(res);
      if (!m.matches()) {
        throw a.error("RESOLUTION must be a decimal-resolution, got " + AttributeList.shown(res));
      }
      resolution = new Resolution(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    // The URI arrives with the next line; a placeholder keeps the attributes until then.
    return new Variant("", a.requiredInteger("BANDWIDTH"), a.decimalInteger("AVERAGE-BANDWIDTH"),
        a.optionalQuoted("CODECS"), resolution, a.decimalFloat("FRAME-RATE"), a.optionalQuoted("AUDIO"));
  }

  static PlaylistParseException problem(String what) {
    return new PlaylistParseException(what);
  }

  static int version(Line line) throws PlaylistParseException {
    String v = line.tagValue();
    if (v == null || !PlaylistSyntax.DECIMAL_INTEGER.matcher(v).matches()) {
      throw problem("EXT-X-VERSION must be a decimal-integer");
    }
    long version = Long.parseLong(v);
    if (version < 1 || version > MasterPlaylist.MAX_VERSION) {
      throw problem("EXT-X-VERSION " + version + " is not one this parser knows (1 to "
          + MasterPlaylist.MAX_VERSION + ")");
    }
    return (int) version;
  }

  static AttributeList attributes(Line line) throws PlaylistParseException {
    String value = line.tagValue();
    if (value == null) {
      throw problem(line.tagName() + " without its attribute list");
    }
    return AttributeList.parse(line.tagName(), value);
  }
}
