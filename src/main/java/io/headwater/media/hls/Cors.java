package io.headwater.media.hls;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * recording.allowedOrigins as Cloudflare documents it: an empty list allows every origin; entries are host
 * names ("example.com") matched against the host of a request's Origin, "*.example.com" matches every
 * subdomain of example.com (not example.com itself), and "*" matches everything. A request without an
 * Origin (a native player, FFmpeg) is not a CORS request and is always served.
 */
final class Cors {
  private Cors() {}

  static boolean allows(List<String> allowedOrigins, String origin) {
    if (origin == null || allowedOrigins.isEmpty()) return true;
    String host = hostOf(origin);
    if (host == null) return false;
    for (String entry : allowedOrigins) {
      String e = entry.trim().toLowerCase(Locale.ROOT);
      if (e.equals("*") || e.equals(host)) return true;
      if (e.startsWith("*.") && host.endsWith(e.substring(1)) && host.length() > e.length() - 1) return true;
    }
    return false;
  }

  private static String hostOf(String origin) {
    try {
      String host = URI.create(origin).getHost();
      return host == null ? null : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
