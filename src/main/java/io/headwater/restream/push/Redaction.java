package io.headwater.restream.push;

import java.net.URI;

/**
 * Takes an output's secrets out of text bound for logs and the API (a destination's error may echo what it
 * was sent): the stream key, and the URL's query, where some services put tokens. Secrets shorter
 * than four characters are not searched for: masking them would garble every message and protect nothing.
 */
final class Redaction {
  private static final int MIN_SECRET = 4;

  private Redaction() {}

  static String of(String text, String streamKey, String url) {
    String out = mask(text, streamKey);
    try {
      out = mask(out, URI.create(url).getRawQuery());
    } catch (IllegalArgumentException e) {
      // not a URI we could split: the key is masked, which is what matters most
    }
    return out;
  }

  private static String mask(String text, String secret) {
    return secret == null || secret.length() < MIN_SECRET ? text : text.replace(secret, "<redacted>");
  }
}
