package io.headwater.restream.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.headwater.restream.Destination;
import org.junit.jupiter.api.Test;

/** An srt:// output's options as FFmpeg and OBS users write them, and the refusals, which never echo a value. */
class SrtOutputOptionsTest {
  private static SrtOutputOptions of(String url, String streamKey) {
    return SrtOutputOptions.of(Destination.parse(url), streamKey);
  }

  @Test
  void streamIdPassphraseAndKeyLengthComeFromTheQuery() {
    assertEquals(new SrtOutputOptions("#!::r=live/abc,m=publish", "pass+word/0123", 32),
        of("srt://srt.example.com:9000?streamid=%23!::r=live/abc,m=publish&passphrase=pass+word%2F0123&pbkeylen=32"
            + "&latency=200000&mode=caller", "ignored"));
  }

  @Test
  void theStreamKeyIsTheStreamIdWhenTheQueryNamesNoneAndNoPassphraseMeansClear() {
    assertEquals(new SrtOutputOptions("the-key", null, 16), of("srt://srt.example.com:9000", "the-key"));
    assertEquals(new SrtOutputOptions(null, null, 16), of("srt://srt.example.com:9000?", null));
  }

  @Test
  void unusableOptionsAreRefusedWithoutTheirValues() {
    var shortPassphrase = assertThrows(PushFailedException.class,
        () -> of("srt://srt.example.com:9000?passphrase=secret", null));
    assertEquals("the SRT URL's passphrase must be 10 to 79 characters, as libsrt requires", shortPassphrase.getMessage());
    assertFalse(shortPassphrase.getMessage().contains("secret"));
    assertEquals("the SRT URL's pbkeylen must be 16, 24 or 32", assertThrows(PushFailedException.class,
        () -> of("srt://srt.example.com:9000?passphrase=0123456789&pbkeylen=20", null)).getMessage());
    assertFalse(new SrtOutputOptions("sid", "0123456789", 16).toString().contains("0123456789"));
  }
}
