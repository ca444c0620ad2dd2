package io.headwater.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsTest {
  @ParameterizedTest(name = "{0} with {1}: {2}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "''                         | NULL                         | true",
      "''                         | https://anything.test        | true",
      "example.com                | NULL                         | true",
      "example.com                | https://example.com          | true",
      "example.com                | https://EXAMPLE.com:8443     | true",
      "example.com                | https://www.example.com      | false",
      "example.com                | https://example.com.evil.test | false",
      "*.example.com              | https://a.example.com        | true",
      "*.example.com              | https://a.b.example.com      | true",
      "*.example.com              | https://example.com          | false",
      "*.example.com              | https://badexample.com       | false",
      "*                          | https://anything.test        | true",
      "example.com,other.test     | http://other.test            | true",
      "example.com                | null                         | false",
      "example.com                | not a url                    | false"})
  void allowedOriginsMatchHostsAndSubdomainWildcards(String allowed, String origin, boolean expected) {
    List<String> entries = allowed.isEmpty() ? List.of() : List.of(allowed.split(","));
    assertEquals(expected, Cors.allows(entries, origin));
  }
}
