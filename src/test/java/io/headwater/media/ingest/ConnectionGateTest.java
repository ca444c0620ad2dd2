package io.headwater.media.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Connection caps and the bad-key budget, as an abusive address meets them. */
class ConnectionGateTest {
  @Test
  void capsHoldInTotalAndPerAddressAndReleasesFreeSlots() {
    ConnectionGate gate = new ConnectionGate(3, 2, 10, new TestClock(Instant.EPOCH));
    assertNull(gate.admit("10.0.0.1"));
    assertNull(gate.admit("10.0.0.1"));
    assertEquals("too many connections from this address (2)", gate.admit("10.0.0.1"));
    assertNull(gate.admit("10.0.0.2"));
    assertEquals("too many connections (3)", gate.admit("10.0.0.3"));
    gate.release("10.0.0.1");
    assertNull(gate.admit("10.0.0.3"));
    assertEquals(3, gate.connections());
  }

  @Test
  void anAddressWithTooManyBadKeysWaitsAMinute() {
    TestClock clock = new TestClock(Instant.EPOCH);
    ConnectionGate gate = new ConnectionGate(100, 100, 3, clock);
    for (int i = 0; i < 3; i++) {
      assertTrue(gate.mayTryKey("10.0.0.9"));
      gate.recordBadKey("10.0.0.9");
    }
    assertFalse(gate.mayTryKey("10.0.0.9"));
    assertTrue(gate.mayTryKey("10.0.0.10"), "other addresses are not affected");
    clock.advance(Duration.ofSeconds(61));
    assertTrue(gate.mayTryKey("10.0.0.9"));
  }
}
