package io.headwater;

import com.typesafe.config.ConfigFactory;

/** Runs one Headwater node from application.conf, environment overrides and -D system properties. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    HeadwaterNode.start(ConfigFactory.load());
  }
}
