package io.headwater.restream.push;

import com.typesafe.config.Config;
import io.headwater.SettingsException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How output pushers connect and retry, from {@code headwater.restream.push}.
 *
 * @param backoff delays between attempts after a failure
 * @param connectTimeout TCP (and TLS) connect deadline
 * @param publishTimeout from connected to NetStream.Publish.Start
 * @param stallTimeout how long a destination may take none of the bytes waiting for it
 * @param consumerBuffer media items an output may have queued before the hub drops to the next keyframe for it
 * @param verifyTls check rtmps:// certificates against the destination's name (default true)
 * @param tlsContext the TLS context of rtmps:// connections
 */
public record PushSettings(Backoff backoff, Duration connectTimeout, Duration publishTimeout, Duration stallTimeout,
    int consumerBuffer, boolean verifyTls, SSLContext tlsContext) {

  public static PushSettings fromConfig(Config root) {
    Config c = root.getConfig("headwater.restream.push");
    Duration initial = positive(c, "backoff-initial");
    Duration max = positive(c, "backoff-max");
    if (max.compareTo(initial) < 0) {
      throw new SettingsException("headwater.restream.push.backoff-max", "must be at least backoff-initial");
    }
    double jitter = c.getDouble("backoff-jitter");
    if (jitter < 0 || jitter >= 1) throw new SettingsException("headwater.restream.push.backoff-jitter", "must be in [0, 1)");
    int buffer = c.getInt("consumer-buffer");
    if (buffer < 16) throw new SettingsException("headwater.restream.push.consumer-buffer", "must be at least 16");
    boolean verify = c.getBoolean("verify-tls");
    return new PushSettings(new Backoff(initial, max, jitter), positive(c, "connect-timeout"),
        positive(c, "publish-timeout"), positive(c, "stall-timeout"), buffer, verify, tlsContext(verify));
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isZero() || d.isNegative()) throw new SettingsException("headwater.restream.push." + key, "must be positive");
    return d;
  }

  /** The JDK's trust store, or, when the operator turned verification off (test sinks), trust in anything. */
  private static SSLContext tlsContext(boolean verify) {
    try {
      if (verify) return SSLContext.getDefault();
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAnything()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new SettingsException("headwater.restream.push.verify-tls", "no TLS context: " + e.getMessage());
    }
  }

  private static final class TrustAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
