package io.headwater.restream.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff policy = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);

  @Test
  void theDefaultPolicyDoublesFromOneSecondToThirty() {
    List<Long> middle = IntStream.range(0, 8).mapToObj(i -> policy.delay(i, () -> 0.5).toMillis()).toList();
    assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L), middle);
  }

  @Test
  void jitterStaysWithinTwentyPercent() {
    assertEquals(800, policy.delay(0, () -> 0.0).toMillis());
    assertEquals(1200, policy.delay(0, () -> 0.999_999_9).toMillis());
    assertEquals(24000, policy.delay(10, () -> 0.0).toMillis());
    assertEquals(36000, policy.delay(1_000, () -> 0.999_999_9).toMillis(), "no overflow for long outages");
  }
}
