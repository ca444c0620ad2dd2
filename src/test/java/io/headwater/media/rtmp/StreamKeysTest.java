package io.headwater.media.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where encoders put the stream key, and what is not a key. */
class StreamKeysTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final String UID = "fedcba9876543210fedcba9876543210";
  private static final String KEY = SECRET + "k" + UID;

  @Test
  void theKeyIsUsuallyThePublishName() {
    assertEquals(Optional.of(new StreamKeys.Key(KEY, UID)), StreamKeys.find(KEY, "live", "rtmp://host/live"));
    assertEquals(UID, StreamKeys.find(KEY + "?encoder=obs", "live", "").orElseThrow().liveInputId(), "queries are ignored");
  }

  @Test
  void obsStyleSetupsPutItInTheAppPathOrTcUrl() {
    assertEquals(KEY, StreamKeys.find("", "live/" + KEY, "rtmp://host/live/" + KEY).orElseThrow().streamKey());
    assertEquals(KEY, StreamKeys.find(null, "live", "rtmp://host:1935/live/" + KEY + "/").orElseThrow().streamKey());
  }

  @Test
  void anythingElseIsNoKey() {
    for (String bad : new String[] {"", "live", SECRET, KEY.toUpperCase(), KEY + "x", "x" + KEY, SECRET + "k" + UID.substring(1),
        "../" + KEY, SECRET + "K" + UID}) {
      assertTrue(StreamKeys.find(bad, "live", "rtmp://host/live").isEmpty(), bad);
    }
  }
}
