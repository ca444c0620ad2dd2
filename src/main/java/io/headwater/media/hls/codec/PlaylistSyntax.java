package io.headwater.media.hls.codec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.regex.Pattern;

/**
 * The value formats of RFC 8216 4.2 as the writer renders them and the parser reads them, kept in one place
 * so that a duration compared by a rule is the duration a player reads.
 */
final class PlaylistSyntax {
  private PlaylistSyntax() {}

  /** Decimals written for a duration: at least three, at most five (Apple's own examples use 0.33334). */
  static final int MIN_DECIMALS = 3;
  static final int MAX_DECIMALS = 5;

  /** RFC 8216 4.2 decimal-integer, bounded to what a long holds. */
  static final Pattern DECIMAL_INTEGER = Pattern.compile("[0-9]{1,18}");
  /** RFC 8216 4.2 decimal-floating-point: digits and one '.', non-negative; bounded in length. */
  static final Pattern DECIMAL_FLOAT = Pattern.compile("(?=.{1,32}$)([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
  /** RFC 8216 4.2 decimal-resolution. */
  static final Pattern RESOLUTION = Pattern.compile("([0-9]{1,5})x([0-9]{1,5})");

  // RFC 3986 unreserved, gen-delims and sub-delims and '%', minus the comma (a naive attribute-list splitter
  // cuts at it) and quote-like characters; no space, no control character, no non-ASCII.
  private static final Pattern URI = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&()*+;=%]{1,2048}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");
  private static final Pattern CODECS = Pattern.compile("[A-Za-z0-9.,+_\\-]{1,256}");
  private static final Pattern CHANNELS = Pattern.compile("[A-Za-z0-9/._\\-]{1,32}");

  private static final DateTimeFormatter DATE_TIME_OUT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  // ISO 8601 as RFC 8216 4.3.2.6 allows it: RFC 3339 offsets (Z, +01:00) and the basic form (+0100).
  private static final DateTimeFormatter DATE_TIME_IN = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter();

  /** A duration in seconds as written: rounded half-up to five decimals. */
  static BigDecimal rounded(double seconds) {
    return BigDecimal.valueOf(seconds).setScale(MAX_DECIMALS, RoundingMode.HALF_UP);
  }

  /** A decimal-floating-point with three to five decimals: 2 -> "2.000", 0.33334 -> "0.33334". */
  static String decimal(double seconds) {
    BigDecimal value = rounded(seconds).stripTrailingZeros();
    if (value.scale() < MIN_DECIMALS) {
      value = value.setScale(MIN_DECIMALS, RoundingMode.UNNECESSARY);
    }
    return value.toPlainString();
  }

  /** RFC 8216 4.3.4.2: FRAME-RATE is "rounded to three decimal places". */
  static String frameRate(double fps) {
    return BigDecimal.valueOf(fps).setScale(3, RoundingMode.HALF_UP).toPlainString();
  }

  /** RFC 8216 4.3.3.1: an EXTINF duration "rounded to the nearest integer", as a player reads it. */
  static long roundedSeconds(double seconds) {
    return rounded(seconds).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  /** RFC 8216 4.3.2.6: ISO 8601 with milliseconds, in UTC. Finer precision is cut, not rounded. */
  static String dateTime(Instant instant) {
    return DATE_TIME_OUT.format(instant);
  }

  static Instant parseDateTime(String text) throws DateTimeParseException {
    var parsed = DATE_TIME_IN.parse(text);
    if (!parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      throw new DateTimeParseException("no time zone", text, text.length());
    }
    return OffsetDateTime.from(parsed).toInstant();
  }

  /** A URI that can stand on its own line or inside a quoted-string without changing the playlist. */
  static boolean isUri(String uri) {
    return uri != null && URI.matcher(uri).matches() && uri.charAt(0) != '#';
  }

  /** A GROUP-ID, NAME or LANGUAGE: a short token, never free text a user typed. */
  static boolean isToken(String value) {
    return value != null && TOKEN.matcher(value).matches();
  }

  /** RFC 6381 codec strings, comma-separated, as CODECS carries them. */
  static boolean isCodecs(String value) {
    return value != null && CODECS.matcher(value).matches() && !value.startsWith(",") && !value.endsWith(",")
        && !value.contains(",,");
  }

  static boolean isChannels(String value) {
    return value != null && CHANNELS.matcher(value).matches();
  }
}
