package dev.ww.capsule.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.capsule.CapsuleFormatException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XattrManifestTest {

  @Test
  void write_usesGetfattrDumpFormat_withOctalEscapesAndBase64() {
    Map<byte[], List<Xattr>> input = new LinkedHashMap<>();
    input.put(
        "usr/bin/ping".getBytes(StandardCharsets.US_ASCII),
        List.of(new Xattr("security.capability", new byte[] {1, 0, 0, 2})));
    input.put(
        new byte[] {'a', ' ', 'b', '=', (byte) 0xe9},
        List.of(new Xattr("user.z", "2".getBytes(StandardCharsets.UTF_8)),
            new Xattr("user.a", "1".getBytes(StandardCharsets.UTF_8))));
    String text = new String(XattrManifest.write(input), StandardCharsets.ISO_8859_1);
    assertThat(text)
        .isEqualTo(
            "# file: usr/bin/ping\nsecurity.capability=0sAQAAAg==\n\n"
                + "# file: a\\040b\\075\\351\nuser.a=0sMQ==\nuser.z=0sMg==\n\n");
  }

  @Test
  void read_roundTripsNamesAndValues_andAcceptsHexAndQuotedValues() {
    Map<byte[], List<Xattr>> input = new LinkedHashMap<>();
    byte[] name = {'d', (byte) 0xff, '\\', 'x'};
    input.put(name, List.of(new Xattr("user.v", new byte[] {0, 1, 2, (byte) 255})));
    Map<String, List<Xattr>> read = XattrManifest.read(XattrManifest.write(input));
    assertThat(read).containsOnlyKeys(new String(name, StandardCharsets.ISO_8859_1));
    assertThat(read.values().iterator().next())
        .containsExactly(new Xattr("user.v", new byte[] {0, 1, 2, (byte) 255}));

    Map<String, List<Xattr>> other =
        XattrManifest.read("# file: f\nuser.h=0x0aff\nuser.q=\"text\"\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(other.get("f"))
        .containsExactly(
            new Xattr("user.h", new byte[] {0x0a, (byte) 0xff}),
            new Xattr("user.q", "text".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void read_attributeBeforeAnyFile_isCorrupt() {
    assertThatThrownBy(() -> XattrManifest.read("user.a=0sMQ==\n".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(CapsuleFormatException.class)
        .hasMessageContaining("line 1");
  }
}
