package io.headwater.media.hls.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Jazzer targets for the playlist parser, fed arbitrary bytes as the cluster's origin fetch would receive
 * them. Only {@link PlaylistParseException} may escape a parse. Whatever parses must survive the checker, and
 * what the writer accepts of it must read back to the same text (writing normalises durations to five
 * decimals, so the second write is compared with the first). Committed inputs under
 * PlaylistParserFuzzTestInputs/ (the golden vectors and every finding) run in every {@code mvn test};
 * {@code JAZZER_FUZZ=1 mvn -B -o test -Dtest=PlaylistParserFuzzTest#media} fuzzes one target.
 */
class PlaylistParserFuzzTest {
  private static final PlaylistParser PARSER = new PlaylistParser(new PlaylistParser.Limits(2_000, 1_024));

  private interface Parse<T> {
    T parse(byte[] input) throws PlaylistParseException;
  }

  @FuzzTest(maxDuration = "45s")
  void media(byte[] input) throws PlaylistParseException {
    roundTrip(input, PARSER::parseMedia, PlaylistWriter::write, parsed -> {
      PlaylistChecker.check(parsed);
      PlaylistChecker.checkReload(parsed, parsed);
    });
  }

  @FuzzTest(maxDuration = "45s")
  void master(byte[] input) throws PlaylistParseException {
    roundTrip(input, PARSER::parseMaster, PlaylistWriter::write, parsed -> { });
  }

  private static <T> void roundTrip(byte[] input, Parse<T> parse, Function<T, String> write, Consumer<T> check)
      throws PlaylistParseException {
    T parsed;
    try {
      parsed = parse.parse(input);
    } catch (PlaylistParseException refused) {
      return;
    }
    check.accept(parsed);
    String written;
    try {
      written = write.apply(parsed);
    } catch (InvalidPlaylistException refused) {
      return; // the writer is stricter than the parser: URIs, hold-backs, target duration
    }
    String again = write.apply(parse.parse(written.getBytes(StandardCharsets.UTF_8)));
    if (!again.equals(written)) {
      throw new AssertionError("write(parse(write(p))) differs:\n" + written + "---\n" + again);
    }
  }
}
