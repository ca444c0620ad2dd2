package io.headwater.media.ingest;

import org.slf4j.MDC;

/**
 * The MDC every ingest session logs under (STYLE: one {@code closed:} line with the live input id and the
 * remote address): RTMP stages and SRT connections alike.
 */
public final class SessionMdc {
  private SessionMdc() {}

  /** Runs {@code r} with {@code remoteAddress} and, if known, {@code liveInputId} in the MDC. */
  public static void run(String liveInputId, String remoteAddress, Runnable r) {
    MDC.put("remoteAddress", remoteAddress);
    if (liveInputId != null) MDC.put("liveInputId", liveInputId);
    try {
      r.run();
    } finally {
      MDC.remove("remoteAddress");
      MDC.remove("liveInputId");
    }
  }
}
