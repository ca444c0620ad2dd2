package io.headwater.restream.push;

import io.headwater.restream.Destination;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What an {@code srt://host:port?…} output asks of the connection, from its URL's query as FFmpeg and OBS
 * write it: {@code streamid}, {@code passphrase} and {@code pbkeylen}; the output's streamKey is the stream id
 * when the query names none. Other options are ignored. Messages never echo a value.
 *
 * @param streamId the SID to send, or null for none
 * @param passphrase null for an unencrypted connection
 * @param keyLength 16, 24 or 32 bytes
 */
record SrtOutputOptions(String streamId, String passphrase, int keyLength) {
  /** libsrt's SRTO_PASSPHRASE limits. */
  static final int MIN_PASSPHRASE = 10;
  static final int MAX_PASSPHRASE = 79;

  @Override
  public String toString() {
    return "SrtOutputOptions[" + (streamId == null ? "no stream id" : "stream id") + ", "
        + (passphrase == null ? "unencrypted" : "AES-" + keyLength * 8) + "]";
  }

  /** @throws PushFailedException saying which option is unusable */
  static SrtOutputOptions of(Destination d, String streamKey) {
    String streamId = null;
    String passphrase = null;
    int keyLength = 16;
    String query = d.query() == null ? "" : d.query();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      switch (name) {
        case "streamid" -> streamId = value.isEmpty() ? null : value;
        case "passphrase" -> passphrase = value.isEmpty() ? null : value;
        case "pbkeylen" -> keyLength = switch (value) {
          case "16" -> 16;
          case "24" -> 24;
          case "32" -> 32;
          default -> throw new PushFailedException("the SRT URL's pbkeylen must be 16, 24 or 32");
        };
        default -> { } // latency, mode and the rest: libsrt options we leave at their defaults
      }
    }
    if (streamId == null && streamKey != null && !streamKey.isEmpty()) streamId = streamKey;
    if (streamId != null && streamId.getBytes(StandardCharsets.UTF_8).length > 512) {
      throw new PushFailedException("the SRT stream id is longer than 512 bytes");
    }
    if (passphrase != null && (passphrase.length() < MIN_PASSPHRASE || passphrase.length() > MAX_PASSPHRASE)) {
      throw new PushFailedException("the SRT URL's passphrase must be " + MIN_PASSPHRASE + " to " + MAX_PASSPHRASE
          + " characters, as libsrt requires");
    }
    return new SrtOutputOptions(streamId, passphrase, keyLength);
  }

  /** %XX escapes only ({@link Destination#parse} checked them): '+' stays '+', as passphrases may hold it. */
  private static String decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
