package io.headwater.media.flv.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden-vector harness every per-codec table shares (the gortmplib reader_test.go pattern). A codec's
 * {@link #vectors()} are (name, decoded item, encoded tag) rows that must decode to the item and encode back to
 * the bytes, which together prove decode(encode(x)) == x; its {@link #variants()} are tags other muxers send
 * that must decode to the given items but that the encoder never writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GoldenVectorTest {
  /** One item and the one tag that carries it, both ways. */
  record Vector(String name, MediaItem item, FlvTag tag) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Tags decoded in order by one decoder, and everything they must yield. */
  record Variant(String name, List<FlvTag> tags, List<MediaItem> items) {
    @Override
    public String toString() {
      return name;
    }
  }

  abstract List<Vector> vectors();

  abstract List<Variant> variants();

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesTheTagToTheItem(Vector v) throws FlvCodecException {
    assertEquals(describe(List.of(v.item())), describe(new FlvTagDecoder().decode(v.tag())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encodesTheItemToTheTag(Vector v) throws FlvCodecException {
    FlvTag encoded = v.item() instanceof CodecConfig c
        ? FlvTagEncoder.encode(c, v.tag().timestampMs())
        : FlvTagEncoder.encode((MediaFrame) v.item());
    assertEquals(v.tag(), encoded);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void decodesWhatOtherMuxersSend(Variant v) throws FlvCodecException {
    FlvTagDecoder decoder = new FlvTagDecoder();
    List<MediaItem> items = new ArrayList<>();
    for (FlvTag tag : v.tags()) {
      items.addAll(decoder.decode(tag));
    }
    assertEquals(describe(v.items()), describe(items));
  }

  static FlvTag video(long timestampMs, Object... hexOrBytes) {
    return new FlvTag(FlvTag.VIDEO, timestampMs, Hex.concat(hexOrBytes));
  }

  static FlvTag audio(long timestampMs, Object... hexOrBytes) {
    return new FlvTag(FlvTag.AUDIO, timestampMs, Hex.concat(hexOrBytes));
  }

  static MediaFrame frame(io.headwater.media.Codec codec, long dtsMs, long ptsMs, boolean keyframe, String hex) {
    return new MediaFrame(codec, dtsMs * 90, ptsMs * 90, keyframe, Hex.bytes(hex));
  }

  /** Items as comparable text: MediaFrame's record equality compares its array by identity. */
  static List<String> describe(List<MediaItem> items) {
    return items.stream().map(item -> item instanceof MediaFrame f
        ? "MediaFrame[" + f.codec() + " dts=" + f.dts() + " pts=" + f.pts() + " key=" + f.keyframe() + " data="
            + HexFormat.of().formatHex(f.data()) + "]"
        : item.toString()).toList();
  }
}
