package io.headwater.media.srt.codec;

import static io.headwater.media.srt.codec.SrtAssertions.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.headwater.media.srt.codec.StreamId.Form;
import io.headwater.media.srt.codec.StreamId.Mode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** srt.md 5: the stream id forms publishers send, and what is refused. */
class StreamIdTest {
  static final String UID = "6f1c0a9d3b2e4f5a8c7d6e5f4a3b2c1d";

  record Row(String raw, Form form, String resource, Mode mode, Map<String, String> parameters) {
    @Override
    public String toString() {
      return raw.length() > 60 ? raw.substring(0, 60) + "..." : raw;
    }
  }

  record Bad(String name, String raw, String fragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Row> rows() {
    return List.of(
        new Row("#!::r=live/abc,m=publish", Form.ACCESS_CONTROL, "live/abc", Mode.PUBLISH,
            Map.of("r", "live/abc", "m", "publish")),
        new Row("publish:KEY", Form.VERB, "KEY", Mode.PUBLISH, Map.of()),
        new Row(UID, Form.UID, UID, Mode.UNSPECIFIED, Map.of()),
        new Row("play" + UID, Form.PLAY_UID, UID, Mode.REQUEST, Map.of()),
        new Row("#!::r=" + UID, Form.ACCESS_CONTROL, UID, Mode.UNSPECIFIED, Map.of("r", UID)),
        new Row("#!::u=alice,r=cam1,m=request,s=tok=en,t=stream,h=example.com,companyname_x=1,q=",
            Form.ACCESS_CONTROL, "cam1", Mode.REQUEST,
            Map.of("u", "alice", "r", "cam1", "m", "request", "s", "tok=en", "t", "stream", "h", "example.com",
                "companyname_x", "1", "q", "")),
        new Row("#!::m=bidirectional,r=a", Form.ACCESS_CONTROL, "a", Mode.BIDIRECTIONAL,
            Map.of("m", "bidirectional", "r", "a")),
        new Row("publish:live/abc:bob:secret", Form.VERB, "live/abc", Mode.PUBLISH,
            Map.of("user", "bob", "pass", "secret")),
        new Row("read:live/abc", Form.VERB, "live/abc", Mode.REQUEST, Map.of()),
        new Row("play:cam", Form.VERB, "cam", Mode.REQUEST, Map.of()),
        new Row("live/streamkey", Form.PATH, "streamkey", Mode.UNSPECIFIED, Map.of()),
        new Row("vhost/app/stream", Form.PATH, "stream", Mode.UNSPECIFIED, Map.of()),
        new Row("playlist", Form.PLAIN, "playlist", Mode.UNSPECIFIED, Map.of()),
        new Row("play" + UID.substring(1), Form.PLAIN, "play" + UID.substring(1), Mode.UNSPECIFIED, Map.of()),
        new Row("other:thing", Form.PLAIN, "other:thing", Mode.UNSPECIFIED, Map.of()),
        new Row("caf\u00e9", Form.PLAIN, "caf\u00e9", Mode.UNSPECIFIED, Map.of()),
        new Row("k".repeat(512), Form.PLAIN, "k".repeat(512), Mode.UNSPECIFIED, Map.of()));
  }

  static List<Bad> bad() {
    return List.of(
        new Bad("600 bytes (srt.md 5.1: at most 512)", "k".repeat(600), "stream id: 600 bytes, more than 512"),
        new Bad("513 bytes counted in UTF-8", "\u00e9".repeat(256) + "k", "stream id: 513 bytes, more than 512"),
        new Bad("empty", "", "stream id: empty"),
        new Bad("a newline", "live/abc\nX-Injected: 1", "stream id: control character at index 8"),
        new Bad("a NUL inside", "ab\u0000c", "stream id: control character at index 2"),
        new Bad("#! with another syntax", "#!:r=a", "stream id: starts with '#!' but not '#!::'"),
        new Bad("nested form", "#!::{r=a}", "stream id: the nested '#!::{' form is not supported"),
        new Bad("pair without '='", "#!::r=a,publish", "stream id: pair 1 has no '='"),
        new Bad("empty pair from a trailing comma", "#!::r=a,", "stream id: pair 1 has no '='"),
        new Bad("empty key", "#!::=a,r=b", "stream id: pair 0 has an empty key"),
        new Bad("key twice", "#!::r=a,r=b", "stream id: key 'r' appears twice"),
        new Bad("no resource", "#!::m=publish", "stream id: no 'r' (resource) key"),
        new Bad("empty resource", "#!::r=,m=publish", "stream id: empty 'r' (resource) value"),
        new Bad("unknown mode", "#!::r=a,m=play", "stream id: 'm' is not publish, request or bidirectional"),
        new Bad("33 pairs", "#!::r=a" + ",x=1".repeat(32), "stream id: 33 pairs, more than 32"),
        new Bad("verb form with 3 parts", "publish:a:b", "stream id: verb form has 3 ':'-separated parts"),
        new Bad("verb form with an empty path", "publish:", "stream id: verb form with an empty path"),
        new Bad("path ending in '/'", "live/", "stream id: path ends with '/', no last segment"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void parses(Row row) {
    StreamId id = StreamId.parse(row.raw());
    assertEquals(row.form(), id.form());
    assertEquals(row.resource(), id.resource());
    assertEquals(row.mode(), id.mode());
    assertEquals(row.parameters(), id.parameters());
    assertEquals(row.raw(), id.raw());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void refuses(Bad bad) {
    assertRejects(bad.fragment(), () -> StreamId.parse(bad.raw()));
  }

  @Test
  void parametersKeepTheirOrderAndAccessorsReadThem() {
    StreamId id = StreamId.parse("#!::u=alice,r=cam1,s=token123");
    assertEquals(List.of("u", "r", "s"), List.copyOf(id.parameters().keySet()));
    assertEquals("alice", id.user().orElseThrow());
    assertEquals("token123", id.parameter("s").orElseThrow());
    assertEquals("bob", StreamId.parse("publish:p:bob:pw").user().orElseThrow());
  }

  @Test
  void neitherTextNorErrorsShowTheCredential() {
    StreamId id = StreamId.parse("#!::r=supersecretkey,m=publish");
    assertFalse(id.toString().contains("supersecretkey"), id.toString());
    assertEquals("StreamId[ACCESS_CONTROL, PUBLISH, 30 bytes, keys=[r, m]]", id.toString());
    SrtCodecException e = assertRejects("stream id:", () -> StreamId.parse("#!::r=supersecretkey,m=supersecretmode"));
    assertFalse(e.getMessage().contains("supersecret"), e.getMessage());
  }

  @Test
  void theCapturedSidsParse() {
    for (String capture : List.of("plain-sid-access-control", "plain-sid-publish-key", "aes256-passphrase")) {
      String sid = HandshakeTest.handshake(capture, 3).streamId().orElseThrow();
      assertEquals(Mode.PUBLISH, StreamId.parse(sid).mode(), capture);
    }
  }
}
