package io.headwater.media.hls.codec;

import static io.headwater.media.hls.codec.PlaylistVectors.at;
import static io.headwater.media.hls.codec.PlaylistVectors.lowLatency;
import static io.headwater.media.hls.codec.PlaylistVectors.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.hls.codec.MediaPlaylist.HintType;
import io.headwater.media.hls.codec.MediaPlaylist.NextSegment;
import io.headwater.media.hls.codec.MediaPlaylist.Part;
import io.headwater.media.hls.codec.MediaPlaylist.PreloadHint;
import io.headwater.media.hls.codec.MediaPlaylist.RenditionReport;
import io.headwater.media.hls.codec.MediaPlaylist.Segment;
import io.headwater.media.hls.codec.MediaPlaylist.ServerControl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlaylistParserTest {
  private final PlaylistParser parser = new PlaylistParser();

  @ParameterizedTest(name = "{0}")
  @MethodSource(PlaylistVectors.MEDIA_ROWS)
  void readsTheMediaVectorBackIntoItsModel(PlaylistVectors.MediaRow row) throws PlaylistParseException {
    assertEquals(row.model(), parser.parseMedia(row.text()));
    assertEquals(row.model(), parser.parseMedia(row.text().getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(PlaylistVectors.MASTER_ROWS)
  void readsTheMasterVectorBackIntoItsModel(PlaylistVectors.MasterRow row) throws PlaylistParseException {
    assertEquals(row.model(), parser.parseMaster(row.text()));
  }

  /** Text other writers produce that must read as the given model, though our writer writes it otherwise. */
  record Variant(String name, String text, MediaPlaylist model) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Variant> variants() {
    MediaPlaylist plain = PlaylistVectors.MEDIA.get(0).model();
    String plainText = PlaylistVectors.MEDIA.get(0).text();
    return Stream.of(
        new Variant("CRLF, comments, blank lines and unknown tags", plainText
            .replace("#EXT-X-MAP", "# a comment\n\n#EXT-X-START:TIME-OFFSET=-6.0\n#EXT-X-FUTURE-TAG\n#EXT-X-MAP")
            .replace("\n", "\r\n"), plain),
        new Variant("EXTINF titles, integer durations, date-times without milliseconds or with an offset", """
            #EXTM3U
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:100
            #EXT-X-VERSION:7
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MAP:URI="init.mp4"
            #EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:00:00Z
            #EXTINF:2,first
            seg100.m4s
            #EXT-X-PROGRAM-DATE-TIME:2026-03-01T13:00:02.000+01:00
            #EXTINF:2.0,
            seg101.m4s
            #EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:00:04+0000
            #EXTINF:1.966670,title, with a comma
            seg102.m4s
            """, plain),
        new Variant("gohlslib-style LL-HLS: version 10, five decimals, reports without LAST-PART", """
            #EXTM3U
            #EXT-X-VERSION:10
            #EXT-X-TARGETDURATION:2
            #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.50000,CAN-SKIP-UNTIL=12.00000
            #EXT-X-PART-INF:PART-TARGET=0.50000
            #EXT-X-MEDIA-SEQUENCE:20
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:2.00000,
            seg20.m4s
            #EXTINF:2.00000,
            seg21.m4s
            #EXT-X-PART:DURATION=0.50000,URI="seg22.part0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.50000,URI="seg22.part1.m4s"
            #EXT-X-PART:DURATION=0.50000,URI="seg22.part2.m4s"
            #EXT-X-PART:DURATION=0.50000,URI="seg22.part3.m4s"
            #EXTINF:2.00000,
            seg22.m4s
            #EXT-X-PART:URI="seg23.part0.m4s",DURATION=0.50000,INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.50000,URI="seg23.part1.m4s"
            #EXT-X-PART:DURATION=0.50000,URI="seg23.part2.m4s"
            #EXT-X-PART:DURATION=0.50000,URI="seg23.part3.m4s"
            #EXTINF:2.00000,
            seg23.m4s
            #EXT-X-PART:DURATION=0.50000,URI="seg24.part0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.50000,URI="seg24.part1.m4s"
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg24.part2.m4s"
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI="ignored-second-hint.m4s"
            #EXT-X-RENDITION-REPORT:URI="../720p/index.m3u8",LAST-MSN=24
            #EXT-X-RENDITION-REPORT:URI="../360p/index.m3u8",LAST-PART=0
            """, lowLatency()),
        new Variant("Apple-style: #// comments, date-time before the map, INDEPENDENT mid-segment", """
            #EXTM3U
            #// answers GET /a/media.m3u8?_HLS_msn=41&_HLS_part=1
            #EXT-X-TARGETDURATION:2
            #EXT-X-VERSION:6
            #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.0
            #EXT-X-PART-INF:PART-TARGET=0.4
            #EXT-X-MEDIA-SEQUENCE:40
            #EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:00:00.000Z
            #EXT-X-MAP:URI="a/init.mp4"
            #EXT-X-KEY:METHOD=NONE
            #EXT-X-PART:DURATION=0.4,URI="a/40.0.mp4",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.4,URI="a/40.1.mp4"
            #EXT-X-PART:DURATION=0.4,URI="a/40.2.mp4",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.4,URI="a/40.3.mp4"
            #EXT-X-PART:DURATION=0.4,URI="a/40.4.mp4"
            #EXTINF:2.0,
            a/40.mp4
            #EXT-X-PART:DURATION=0.4,URI="a/41.0.mp4",INDEPENDENT=YES
            #EXT-X-PRELOAD-HINT:TYPE=VIDEO,URI="a/unknown-type.mp4"
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI="a/41.1.mp4"

            #EXT-X-RENDITION-REPORT:URI="../b/media.m3u8",LAST-MSN=41,LAST-PART=0
            """, new MediaPlaylist(2, 40, 0, false, "a/init.mp4", new ServerControl(true, 1.0, null, null), 0.4, 0,
            List.of(new Segment("a/40.mp4", 2.0, at(0), false, List.of(new Part("a/40.0.mp4", 0.4, true),
                new Part("a/40.1.mp4", 0.4, false), new Part("a/40.2.mp4", 0.4, true),
                new Part("a/40.3.mp4", 0.4, false), new Part("a/40.4.mp4", 0.4, false)), null)),
            NextSegment.of(List.of(new Part("a/41.0.mp4", 0.4, true))), new PreloadHint(HintType.PART, "a/41.1.mp4"),
            List.of(new RenditionReport("../b/media.m3u8", 41, 0)), false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void readsWhatOtherWritersWrite(Variant v) throws PlaylistParseException {
    assertEquals(v.model(), parser.parseMedia(v.text()));
  }

  /** Text the parser must refuse, and a fragment of its reason. */
  record Bad(String name, String text, String fragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  static String media(String... lines) {
    return "#EXTM3U\n#EXT-X-TARGETDURATION:2\n" + String.join("\n", lines) + "\n";
  }

  static String master(String... lines) {
    return "#EXTM3U\n" + String.join("\n", lines) + "\n";
  }

  static Stream<Bad> badMedia() {
    return Stream.of(
        new Bad("first line is not #EXTM3U", "#EXT-X-TARGETDURATION:2\n", "line 1 is not #EXTM3U"),
        new Bad("empty text", "", "playlist is empty"),
        new Bad("byte order mark", "\uFEFF#EXTM3U\n", "byte order mark"),
        new Bad("NUL in a URI line", media("#EXTINF:2,", "seg\u0000.m4s"), "line 4: control character U+0000"),
        new Bad("EXTINF without its comma", media("#EXTINF:2", "a.m4s"), "line 3: EXTINF must be <duration>,"),
        new Bad("EXTINF negative", media("#EXTINF:-2,", "a.m4s"), "line 3: EXTINF duration must be a decimal"),
        new Bad("EXTINF of a week", media("#EXTINF:604800,", "a.m4s"), "line 4: segment duration 604800.0"),
        new Bad("URI line without EXTINF", media("a.m4s"), "line 3: URI line without EXTINF"),
        new Bad("EXTINF and no URI line", media("#EXTINF:2,"), "line 3: EXTINF has no URI line"),
        new Bad("two EXTINF for one URI", media("#EXTINF:2,", "#EXTINF:2,", "a.m4s"), "line 4: EXTINF: a second"),
        new Bad("no EXT-X-TARGETDURATION", "#EXTM3U\n#EXTINF:2,\na.m4s\n", "EXT-X-TARGETDURATION missing"),
        new Bad("fractional EXT-X-TARGETDURATION", "#EXTM3U\n#EXT-X-TARGETDURATION:2.5\n",
            "line 2: EXT-X-TARGETDURATION must be a decimal-integer"),
        new Bad("EXT-X-TARGETDURATION twice", media("#EXT-X-TARGETDURATION:2"),
            "line 3: EXT-X-TARGETDURATION appears twice"),
        new Bad("EXT-X-MEDIA-SEQUENCE after a segment", media("#EXTINF:2,", "a.m4s", "#EXT-X-MEDIA-SEQUENCE:3"),
            "line 5: EXT-X-MEDIA-SEQUENCE after the first media segment"),
        new Bad("EXT-X-VERSION twice", media("#EXT-X-VERSION:6", "#EXT-X-VERSION:6"),
            "line 4: EXT-X-VERSION appears twice"),
        new Bad("EXT-X-VERSION from the future", media("#EXT-X-VERSION:13"), "EXT-X-VERSION 13 is not one"),
        new Bad("EXT-X-PART without URI", media("#EXT-X-PART:DURATION=0.5"), "line 3: EXT-X-PART: URI missing"),
        new Bad("EXT-X-PART duration not a number", media("#EXT-X-PART:DURATION=half,URI=\"p.m4s\""),
            "EXT-X-PART: DURATION must be a decimal-floating-point, got \"half\""),
        new Bad("INDEPENDENT=NO is not defined", media("#EXT-X-PART:DURATION=0.5,URI=\"p.m4s\",INDEPENDENT=NO"),
            "INDEPENDENT must be YES when present"),
        new Bad("byte-range parts are not modelled", media("#EXT-X-PART:DURATION=0.5,URI=\"p.m4s\",BYTERANGE=\"9@0\""),
            "EXT-X-PART: BYTERANGE is not supported"),
        new Bad("EXT-X-PART between EXTINF and URI", media("#EXTINF:2,", "#EXT-X-PART:DURATION=0.5,URI=\"p\"", "a"),
            "line 4: EXT-X-PART between an EXTINF and its URI line"),
        new Bad("attribute twice", media("#EXT-X-PART:DURATION=0.5,URI=\"p\",DURATION=0.5"), "DURATION appears twice"),
        new Bad("quoted-string not closed", media("#EXT-X-MAP:URI=\"init.mp4"),
            "EXT-X-MAP: URI: quoted-string is not closed"),
        new Bad("lowercase attribute name", media("#EXT-X-MAP:uri=\"init.mp4\""), "attribute name at column 0"),
        new Bad("whitespace between attributes", media("#EXT-X-PART:DURATION=0.5, URI=\"p\""),
            "attribute name at column 13"),
        new Bad("unquoted URI", media("#EXT-X-MAP:URI=init.mp4"), "EXT-X-MAP: URI must be a quoted-string"),
        new Bad("empty URI", media("#EXT-X-MAP:URI=\"\""), "EXT-X-MAP: URI is empty"),
        new Bad("quoted enumerated-string", media("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=\"YES\""),
            "CAN-BLOCK-RELOAD must be an enumerated-string"),
        new Bad("trailing comma in an attribute list", media("#EXT-X-PART-INF:PART-TARGET=0.5,"), "ends with ','"),
        new Bad("date-time without a time zone", media("#EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:00:00"),
            "EXT-X-PROGRAM-DATE-TIME must be an ISO 8601 date-time with a time zone"),
        new Bad("EXT-X-BYTERANGE", media("#EXT-X-BYTERANGE:100@0"), "EXT-X-BYTERANGE is not supported"),
        new Bad("encryption", media("#EXT-X-KEY:METHOD=AES-128,URI=\"k\""), "encrypted media is not supported"),
        new Bad("a master tag in a media playlist", media("#EXT-X-STREAM-INF:BANDWIDTH=1"),
            "EXT-X-STREAM-INF is a master playlist tag in a media playlist"),
        new Bad("EXT-X-DISCONTINUITY that no segment follows", media("#EXTINF:2,", "a", "#EXT-X-DISCONTINUITY"),
            "line 5: segment tags that no segment or part follows"),
        new Bad("a discontinuity after the first part of its segment", media("#EXT-X-PART:DURATION=0.5,URI=\"p\"",
            "#EXT-X-DISCONTINUITY"), "line 4: EXT-X-DISCONTINUITY after the first EXT-X-PART of its segment"),
        new Bad("two maps for one segment", media("#EXT-X-MAP:URI=\"a\"", "#EXT-X-MAP:URI=\"b\""), "a second one"),
        new Bad("EXT-X-ENDLIST with a value", media("#EXT-X-ENDLIST:YES"), "EXT-X-ENDLIST takes no value"),
        new Bad("EXT-X-SKIP after a segment", media("#EXTINF:2,", "a", "#EXT-X-SKIP:SKIPPED-SEGMENTS=1"),
            "EXT-X-SKIP after the first media segment"),
        new Bad("byte-range preload hint", media("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"p\",BYTERANGE-START=0"),
            "BYTERANGE-START is not supported"),
        new Bad("report omitting LAST-MSN with nothing listed", media("#EXT-X-RENDITION-REPORT:URI=\"b.m3u8\""),
            "LAST-MSN omitted in a playlist with no segment"),
        new Bad("attribute list missing", media("#EXT-X-PART-INF"), "EXT-X-PART-INF without its attribute list"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMedia")
  void refusesMalformedMedia(Bad bad) {
    var e = assertThrows(PlaylistParseException.class, () -> parser.parseMedia(bad.text()));
    assertTrue(e.getMessage().contains(bad.fragment()), () -> "message was: " + e.getMessage());
  }

  static Stream<Bad> badMaster() {
    String inf = "#EXT-X-STREAM-INF:BANDWIDTH=1000";
    return Stream.of(
        new Bad("a media tag in a master playlist", master(inf, "v.m3u8", "#EXTINF:2,"),
            "line 4: EXTINF is a media playlist tag in a master playlist"),
        new Bad("EXT-X-STREAM-INF without BANDWIDTH", master("#EXT-X-STREAM-INF:CODECS=\"avc1.64001f\"", "v.m3u8"),
            "line 2: EXT-X-STREAM-INF: BANDWIDTH missing"),
        new Bad("EXT-X-STREAM-INF without URI", master(inf), "line 2: EXT-X-STREAM-INF has no URI line"),
        new Bad("EXT-X-STREAM-INF twice before its URI", master(inf, inf, "v.m3u8"), "line 3: EXT-X-STREAM-INF while"),
        new Bad("URI without EXT-X-STREAM-INF", master("v.m3u8"), "line 2: URI line without EXT-X-STREAM-INF"),
        new Bad("AUDIO group nobody declares", master(inf + ",AUDIO=\"aac\"", "v.m3u8"), "AUDIO group \"aac\""),
        new Bad("malformed RESOLUTION", master(inf + ",RESOLUTION=1280X720", "v.m3u8"), "RESOLUTION must be"),
        new Bad("zero RESOLUTION", master(inf + ",RESOLUTION=0x720", "v.m3u8"), "resolution 0x720 is out of range"),
        new Bad("no variants", master("#EXT-X-INDEPENDENT-SEGMENTS"), "without EXT-X-STREAM-INF"),
        new Bad("DEFAULT neither YES nor NO", master("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\",DEFAULT=Y",
            inf, "v.m3u8"), "DEFAULT must be YES or NO"),
        new Bad("EXT-X-MEDIA without TYPE", master("#EXT-X-MEDIA:GROUP-ID=\"a\",NAME=\"n\"", inf, "v.m3u8"),
            "EXT-X-MEDIA: TYPE missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMaster")
  void refusesMalformedMasters(Bad bad) {
    var e = assertThrows(PlaylistParseException.class, () -> parser.parseMaster(bad.text()));
    assertTrue(e.getMessage().contains(bad.fragment()), () -> "message was: " + e.getMessage());
  }

  @Test
  void mastersIgnoreWhatTheyDoNotModel() throws PlaylistParseException {
    var m = parser.parseMaster(master("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"s\",NAME=\"en\",URI=\"s.m3u8\"",
        "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=100,URI=\"i.m3u8\"",
        "#EXT-X-STREAM-INF:BANDWIDTH=1000,SUBTITLES=\"s\",HDCP-LEVEL=NONE", "v.m3u8"));
    assertEquals(1, m.version());
    assertEquals(List.of(new MasterPlaylist.Variant("v.m3u8", 1000, null, null, null, null, null)), m.variants());
    assertTrue(m.audio().isEmpty());
  }

  @Test
  void boundsLinesAndLineLength() {
    var small = new PlaylistParser(new PlaylistParser.Limits(4, 32));
    var e = assertThrows(PlaylistParseException.class, () -> small.parseMedia(media("#EXTINF:2,", "a", "#EXTINF:2,")));
    assertTrue(e.getMessage().contains("more than 4 lines"), e.getMessage());
    e = assertThrows(PlaylistParseException.class, () -> small.parseMedia(media("#EXTINF:2,", "a".repeat(33))));
    assertTrue(e.getMessage().contains("line 4 is longer than 32"), e.getMessage());
    e = assertThrows(PlaylistParseException.class, () -> small.parseMedia(new byte[4 * 34 + 1]));
    assertTrue(e.getMessage().contains("longer than the limits allow"), e.getMessage());
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    byte[] text = media("#EXTINF:2,", "a").getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[text.length + 1];
    System.arraycopy(text, 0, bad, 0, text.length);
    bad[text.length] = (byte) 0xC3;
    var e = assertThrows(PlaylistParseException.class, () -> parser.parseMedia(bad));
    assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
  }

  @Test
  void errorsNeverRepeatAUri() {
    var e = assertThrows(PlaylistParseException.class,
        () -> parser.parseMedia(media("#EXT-X-PART:DURATION=0.5,URI=\"p.m4s?token=s3cr3t\",BYTERANGE=\"1@0\"")));
    assertTrue(!e.getMessage().contains("s3cr3t"), e.getMessage());
  }

  @Test
  void aMapAloneIsAPlaylistWaitingForMedia() throws PlaylistParseException {
    MediaPlaylist p = parser.parseMedia(media("#EXT-X-MAP:URI=\"init.mp4\""));
    assertEquals("init.mp4", p.map());
    assertTrue(p.segments().isEmpty());
    assertNull(p.next());
  }

  @Test
  void whatTheParserReadsTheWriterWritesTheSame() throws PlaylistParseException {
    List<String> texts = new ArrayList<>();
    variants().forEach(v -> texts.add(v.text()));
    for (String text : texts) {
      String once = PlaylistWriter.write(parser.parseMedia(text));
      assertEquals(once, PlaylistWriter.write(parser.parseMedia(once)));
    }
    assertEquals(segment(1, 2.0), parser.parseMedia(media("#EXTINF:2,", "seg1.m4s")).segments().get(0));
  }
}
