package dev.ww.capsule.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NewcTest {

  @Test
  void writeHeader_producesTheNewcLayout_thatTheReaderReadsBack() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NewcHeader header =
        new NewcHeader("etc/passwd".getBytes(StandardCharsets.US_ASCII), 7, 0100644, 0, 5, 1,
            1_600_000_000L, 3, 0, 0, 0, 0);
    Newc.writeHeader(out, header);
    out.write("abc".getBytes(StandardCharsets.US_ASCII));
    Newc.writePadding(out, 3);
    Newc.writeTrailer(out);
    byte[] bytes = out.toByteArray();
    assertThat(new String(bytes, 0, 110, StandardCharsets.US_ASCII))
        .isEqualTo("070701" + "00000007" + "000081a4" + "00000000" + "00000005" + "00000001"
            + "5f5e1000" + "00000003" + "00000000" + "00000000" + "00000000" + "00000000"
            + "0000000b" + "00000000");
    assertThat((110 + 11) % 4).isEqualTo(1); // so the name is followed by 3 NULs
    assertThat(bytes.length % 4).isZero();

    NewcReader reader = new NewcReader(new ByteArrayInputStream(bytes));
    NewcHeader read = reader.next();
    assertThat(read).isEqualTo(header);
    assertThat(reader.readAllData(10)).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(reader.next()).isNull();
  }
}
