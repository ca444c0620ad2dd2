package io.headwater.media.flv.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import java.util.List;

/**
 * Jazzer targets for the FLV codec. Only {@link FlvCodecException} may escape a decode; anything else (an index
 * out of bounds, an arithmetic overflow, an endless loop) is a bug. Whatever decodes must also survive the trip
 * back: encoding a decoded item never fails, and decoding the encoding gives the item again. Committed inputs
 * under FlvCodecFuzzTestInputs/ (the golden vectors and every finding) run in every {@code mvn test};
 * {@code JAZZER_FUZZ=1 mvn -B -o test -Dtest=FlvCodecFuzzTest#videoTag} fuzzes one target.
 */
class FlvCodecFuzzTest {
  private static final long TIMESTAMP_MS = 1000;

  @FuzzTest(maxDuration = "60s")
  void videoTag(byte[] body) throws FlvCodecException {
    roundTrip(new FlvTag(FlvTag.VIDEO, TIMESTAMP_MS, body));
  }

  @FuzzTest(maxDuration = "60s")
  void audioTag(byte[] body) throws FlvCodecException {
    roundTrip(new FlvTag(FlvTag.AUDIO, TIMESTAMP_MS, body));
  }

  @FuzzTest(maxDuration = "60s")
  void spsParse(byte[] nal) {
    try {
      H264Sps sps = H264Sps.parse(nal);
      checkSize(sps.width(), sps.height());
    } catch (FlvCodecException expected) {
      // a parameter set this parser refuses, with a reason
    }
    try {
      HevcSps sps = HevcSps.parse(nal);
      checkSize(sps.width(), sps.height());
    } catch (FlvCodecException expected) {
      // likewise
    }
  }

  private static void roundTrip(FlvTag tag) throws FlvCodecException {
    List<MediaItem> items;
    try {
      items = new FlvTagDecoder().decode(tag);
    } catch (FlvCodecException expected) {
      return;
    }
    for (MediaItem item : items) {
      if (item instanceof CodecConfig c) {
        checkSize(c.width(), c.height());
        assertSame(item, new FlvTagDecoder().decode(FlvTagEncoder.encode(c, TIMESTAMP_MS)));
      } else if (item instanceof MediaFrame f && f.dts() % 90 == 0 && f.pts() % 90 == 0) {
        // whole milliseconds only: a TimestampOffsetNano has no place in an encoded tag
        assertSame(item, new FlvTagDecoder().decode(FlvTagEncoder.encode(f)));
      }
    }
  }

  private static void assertSame(MediaItem expected, List<MediaItem> actual) {
    List<String> want = GoldenVectorTest.describe(List.of(expected));
    List<String> got = GoldenVectorTest.describe(actual);
    if (!want.equals(got)) {
      throw new AssertionError("round trip changed " + want + " into " + got);
    }
  }

  private static void checkSize(int width, int height) {
    if (width < 0 || height < 0 || width > H264Sps.MAX_DIMENSION || height > H264Sps.MAX_DIMENSION) {
      throw new AssertionError("picture size " + width + "x" + height);
    }
  }
}
