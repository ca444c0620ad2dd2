package io.headwater.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.headwater.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ViewerCountTest {
  @Test
  void distinctClientsCountUntilTheyStopAsking() {
    TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));
    ViewerCount viewers = new ViewerCount(Duration.ofSeconds(15), clock);
    viewers.seen("10.0.0.1|hls.js");
    viewers.seen("10.0.0.1|hls.js");
    viewers.seen("10.0.0.2|Safari");
    assertEquals(2, viewers.count());

    clock.advance(Duration.ofSeconds(10));
    viewers.seen("10.0.0.2|Safari");
    clock.advance(Duration.ofSeconds(6));
    assertEquals(1, viewers.count(), "the first client stopped 16 s ago");
  }
}
