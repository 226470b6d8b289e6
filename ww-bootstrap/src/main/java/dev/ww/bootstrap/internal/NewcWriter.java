package dev.ww.bootstrap.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * Writes an {@link ArchiveTree} as one gzip-compressed newc cpio archive, the format the
 * kernel's initramfs unpacker and busybox read. Every header field is fixed (owner root, time
 * 0, inodes numbered in path order, device 0), so the same tree gives the same bytes.
 */
public final class NewcWriter {

  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFCHR = 0020000;

  private NewcWriter() {}

  /** Writes the tree to {@code out}, gzip-compressed; {@code out} is not closed. */
  public static void writeGzip(ArchiveTree tree, OutputStream out) throws IOException {
    GZIPOutputStream gzip =
        new GZIPOutputStream(new NonClosing(out), 1 << 16) {
          {
            def.setLevel(Deflater.DEFAULT_COMPRESSION);
          }
        };
    writeTo(tree, gzip);
    gzip.finish();
    gzip.close();
  }

  /** Writes the uncompressed archive; the stream is finished but not closed. */
  public static void writeTo(ArchiveTree tree, OutputStream out) throws IOException {
    CpioArchiveOutputStream cpio =
        new CpioArchiveOutputStream(
            new NonClosing(out), CpioConstants.FORMAT_NEW, CpioConstants.BLOCK_SIZE, "UTF-8");
    long inode = 1;
    for (Map.Entry<String, ArchiveTree.Entry> item : tree.entries().entrySet()) {
      String path = item.getKey();
      ArchiveTree.Entry entry = item.getValue();
      byte[] data = dataOf(entry);
      CpioArchiveEntry header = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, path, data.length);
      header.setInode(inode++);
      header.setMode(typeOf(entry) | (entry.permissions() & 07777));
      header.setUID(0);
      header.setGID(0);
      header.setTime(0);
      header.setNumberOfLinks(entry instanceof ArchiveTree.Directory ? 2 : 1);
      header.setDeviceMaj(0);
      header.setDeviceMin(0);
      if (entry instanceof ArchiveTree.CharDevice device) {
        header.setRemoteDeviceMaj(device.major());
        header.setRemoteDeviceMin(device.minor());
      }
      cpio.putArchiveEntry(header);
      cpio.write(data);
      cpio.closeArchiveEntry();
    }
    cpio.finish();
    cpio.close();
  }

  private static byte[] dataOf(ArchiveTree.Entry entry) throws IOException {
    if (entry instanceof ArchiveTree.RegularFile file) {
      return file.content().read();
    }
    if (entry instanceof ArchiveTree.Symlink link) {
      return link.target().getBytes(StandardCharsets.UTF_8);
    }
    return new byte[0];
  }

  private static int typeOf(ArchiveTree.Entry entry) {
    if (entry instanceof ArchiveTree.Directory) {
      return S_IFDIR;
    }
    if (entry instanceof ArchiveTree.RegularFile) {
      return S_IFREG;
    }
    if (entry instanceof ArchiveTree.Symlink) {
      return S_IFLNK;
    }
    return S_IFCHR;
  }

  /** Lets the cpio and gzip streams finish without closing the caller's stream. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
