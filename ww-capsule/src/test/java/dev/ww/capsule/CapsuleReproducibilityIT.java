package dev.ww.capsule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same tree gives the same bytes, wherever it lies and however many threads compress. */
class CapsuleReproducibilityIT {

  @TempDir Path work;

  @Test
  void write_sameTreeTwiceAndACopyElsewhere_givesIdenticalBytes() throws Exception {
    RealSystem.requireRoot();
    RealSystem.requireProgram("setcap");
    RealSystem.sh(work, CapsuleFidelityIT.buildTreeScript());
    // a copy has other inode and device numbers and was created in another order
    RealSystem.sh(work, "cp -a --sparse=always src copy");
    for (Compression compression :
        new Compression[] {Compression.gzip(), Compression.of(Compression.Format.ZSTD),
          Compression.of(Compression.Format.XZ), Compression.none()}) {
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      ByteArrayOutputStream second = new ByteArrayOutputStream();
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      CapsuleWriteResult a =
          Capsule.fromTree(work.resolve("src")).compression(compression).threads(2).writeTo(first);
      CapsuleWriteResult b =
          Capsule.fromTree(work.resolve("src")).compression(compression).threads(1).writeTo(second);
      CapsuleWriteResult c =
          Capsule.fromTree(work.resolve("copy")).compression(compression).writeTo(copy);
      assertThat(first.toByteArray()).isEqualTo(second.toByteArray()).isEqualTo(copy.toByteArray());
      assertThat(a.sha256()).isEqualTo(b.sha256()).isEqualTo(c.sha256());
      assertThat(a.compressedBytes()).isEqualTo(first.size());
    }
  }
}
