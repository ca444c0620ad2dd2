package io.headwater.media.flv.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.Timebase;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns FLV AUDIODATA bodies (FLV 10.1 E.4.2.1, E-RTMP v2 "Enhanced Audio") into media items: AAC and MP3 in
 * legacy tags; AAC, Opus and MP3 by FourCC. Stateless.
 */
final class AudioTagDecoder {
  private static final int MP3 = 2;
  private static final int EX_HEADER = 9;
  private static final int AAC = 10;
  private static final int MP3_8K = 14;

  private static final int SEQUENCE_START = 0;
  private static final int CODED_FRAMES = 1;
  private static final int SEQUENCE_END = 2;
  private static final int MULTICHANNEL_CONFIG = 4;
  private static final int MULTITRACK = 5;

  /** Opus always decodes at 48 kHz; OpusHead's input sample rate is informational (RFC 7845 5.1). */
  private static final int OPUS_RATE = 48_000;
  private static final int OPUS_HEAD_SIZE = 19;
  private static final byte[] OPUS_MAGIC = "OpusHead".getBytes(StandardCharsets.US_ASCII);

  List<MediaItem> decode(long timestampMs, byte[] body) throws FlvCodecException {
    if (body.length == 0) {
      return List.of(); // E-RTMP AudioPacketType: an empty audio message is the legacy "silence" message
    }
    ByteReader r = new ByteReader("audio tag", body);
    int first = r.u8();
    int soundFormat = first >> 4;
    switch (soundFormat) {
      case EX_HEADER -> {
        ExHeader header = ExHeader.read(r, first & 0x0f);
        return header.tracks(r, MULTITRACK, (fourCc, packetType, track, offsetTicks) ->
            enhanced(fourCc, packetType, track, timestampMs, offsetTicks));
      }
      case AAC -> { // E.4.2.1: SoundRate/SoundSize/SoundType are fixed for AAC and mean nothing
        int packetType = r.u8();
        return switch (packetType) {
          case SEQUENCE_START -> aacConfig(r.rest());
          case CODED_FRAMES -> frame(Codec.AAC, r, timestampMs, 0);
          default -> throw r.error("AACPacketType " + packetType + " is reserved");
        };
      }
      case MP3, MP3_8K -> {
        return frame(Codec.MP3, r, timestampMs, 0);
      }
      default -> throw new UnsupportedCodecException("audio", legacyName(soundFormat));
    }
  }

  private List<MediaItem> enhanced(int fourCc, int packetType, ByteReader r, long timestampMs, long offsetTicks)
      throws FlvCodecException {
    Codec codec = codec(fourCc);
    return switch (packetType) {
      case SEQUENCE_START -> codec == Codec.AAC ? aacConfig(r.rest())
          : codec == Codec.OPUS ? opusConfig(r.rest())
          : List.of(); // MP3 frames describe themselves
      case CODED_FRAMES -> frame(codec, r, timestampMs, offsetTicks);
      // Ignored: SequenceEnd needs no action; MultichannelConfig maps channels for codecs that do not
      // describe their layout, and the AAC and Opus configs do.
      case SEQUENCE_END, MULTICHANNEL_CONFIG -> List.of();
      default -> throw r.error("AudioPacketType " + packetType + " is reserved");
    };
  }

  private static List<MediaItem> aacConfig(byte[] asc) throws FlvCodecException {
    if (asc.length == 0) {
      return List.of(); // an empty sequence header describes nothing; some muxers send one first
    }
    AudioSpecificConfig c = AudioSpecificConfig.parse(asc);
    return List.of(new CodecConfig(Codec.AAC, asc, 0, 0, c.sampleRate(), c.channels(), c.codecString()));
  }

  /** The Opus identification header, RFC 7845 5.1. */
  private static List<MediaItem> opusConfig(byte[] head) throws FlvCodecException {
    if (head.length == 0) {
      return List.of(); // E-RTMP: an empty Opus sequence start means default mono/stereo; nothing to describe
    }
    ByteReader r = new ByteReader("OpusHead", head);
    if (head.length < OPUS_HEAD_SIZE || !Arrays.equals(head, 0, OPUS_MAGIC.length, OPUS_MAGIC, 0, OPUS_MAGIC.length)) {
      throw r.error("not an Opus identification header (\"OpusHead\" and at least 19 bytes)");
    }
    r.skip(OPUS_MAGIC.length);
    int version = r.u8();
    if (version >> 4 != 0) {
      throw r.error("version " + version + " is not a 0.x version a decoder can read");
    }
    int channels = r.u8();
    r.skip(2 + 4 + 2); // pre-skip, input sample rate, output gain
    int mappingFamily = r.u8();
    if (channels == 0 || (mappingFamily == 0 && channels > 2)) {
      throw r.error(channels + " channels with channel mapping family " + mappingFamily);
    }
    return List.of(new CodecConfig(Codec.OPUS, head, 0, 0, OPUS_RATE, channels, "opus"));
  }

  private static List<MediaItem> frame(Codec codec, ByteReader r, long timestampMs, long offsetTicks) {
    if (!r.hasRemaining()) {
      return List.of(); // nothing to play
    }
    long dts = Timebase.fromMillis(timestampMs) + offsetTicks;
    return List.of(new MediaFrame(codec, dts, dts, true, r.rest()));
  }

  private static Codec codec(int fourCc) throws UnsupportedCodecException {
    if (fourCc == FourCc.AAC) {
      return Codec.AAC;
    } else if (fourCc == FourCc.OPUS) {
      return Codec.OPUS;
    } else if (fourCc == FourCc.MP3) {
      return Codec.MP3;
    }
    String name = fourCc == FourCc.FLAC ? " (FLAC)" : fourCc == FourCc.AC3 ? " (AC-3)"
        : fourCc == FourCc.EAC3 ? " (E-AC-3)" : "";
    throw new UnsupportedCodecException("audio", FourCc.describe(fourCc) + name);
  }

  /** FLV 10.1 E.4.2.1 SoundFormat names. */
  private static String legacyName(int soundFormat) {
    return switch (soundFormat) {
      case 0 -> "Linear PCM, platform endian";
      case 1 -> "ADPCM";
      case 3 -> "Linear PCM, little endian";
      case 4 -> "Nellymoser 16 kHz mono";
      case 5 -> "Nellymoser 8 kHz mono";
      case 6 -> "Nellymoser";
      case 7 -> "G.711 A-law";
      case 8 -> "G.711 mu-law";
      case 11 -> "Speex";
      case 15 -> "Device-specific sound";
      default -> "SoundFormat " + soundFormat;
    };
  }
}
