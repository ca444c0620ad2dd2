package io.headwater;

import com.typesafe.config.ConfigFactory;
import org.slf4j.LoggerFactory;

/** Runs one Headwater node from application.conf, environment overrides and -D system properties. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    try {
      HeadwaterNode.start(ConfigFactory.load());
    } catch (RuntimeException e) {
      // A node that cannot start (bad setting, port in use) exits rather than idling half-started: driver
      // and scheduler threads would otherwise keep the JVM alive.
      LoggerFactory.getLogger(Main.class).error("Headwater could not start", e);
      System.exit(1);
    }
  }
}
