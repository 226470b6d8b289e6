package dev.ww.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {

  @ParameterizedTest(name = "{0} of 1000 -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bytes=0-99          | 0-99",
        "bytes=100-          | 100-999",
        "bytes=-10           | 990-999",
        "bytes=-5000         | 0-999",
        "bytes=990-5000      | 990-999",
        "bytes=999-999       | 999-999",
        "bytes=1000-         | 416",
        "bytes=1000-1200     | 416",
        "bytes=-0            | 416",
        "bytes=5-2           | whole",
        "bytes=0-1,5-6       | whole",
        "items=0-5           | whole",
        "bytes=abc           | whole",
        "bytes=-             | whole",
        "bytes=99999999999999999999- | whole",
      })
  void parse_followsRfc9110(String header, String expected) {
    ByteRange.Parsed p = ByteRange.parse(Optional.of(header.trim()), 1000);
    String got =
        p instanceof ByteRange.Partial partial
            ? partial.range().start() + "-" + partial.range().endInclusive()
            : p instanceof ByteRange.Unsatisfiable ? "416" : "whole";
    assertThat(got).isEqualTo(expected.trim());
  }
}
