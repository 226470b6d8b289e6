package dev.ww.capsule.internal.compress;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Optional;

/**
 * The system's libdeflate ({@code libdeflate0} on Debian, {@code libdeflate} on RHEL): a
 * whole-buffer DEFLATE compressor about 2.5 times faster than zlib at the same level, with
 * slightly smaller output. Absent libraries are not an error; callers fall back to zlib.
 */
public final class Libdeflate {

  interface Api extends Library {
    Pointer libdeflate_alloc_compressor(int level);

    long libdeflate_deflate_compress(
        Pointer compressor, Pointer input, long inputBytes, Pointer output, long outputAvailable);

    long libdeflate_deflate_compress_bound(Pointer compressor, long inputBytes);

    void libdeflate_free_compressor(Pointer compressor);
  }

  private static final String[] NAMES = {"libdeflate.so.0", "deflate"};

  private final Api api;

  private Libdeflate(Api api) {
    this.api = api;
  }

  /** The library, when this host has it. */
  public static Optional<Libdeflate> find() {
    for (String name : NAMES) {
      try {
        return Optional.of(new Libdeflate(Native.load(name, Api.class)));
      } catch (UnsatisfiedLinkError absent) {
        // try the next name
      }
    }
    return Optional.empty();
  }

  /** A raw-DEFLATE compressor at {@code level} (1..12); close it to free its native memory. */
  public Compressor compressor(int level) {
    Pointer handle = api.libdeflate_alloc_compressor(level);
    if (handle == null) {
      throw new IllegalStateException("libdeflate could not allocate a compressor (level " + level + ")");
    }
    return new Compressor(handle);
  }

  /** One native compressor with its input and output buffers, grown as needed. */
  public final class Compressor implements AutoCloseable {

    private Pointer handle;
    private Memory input;
    private Memory output;

    private Compressor(Pointer handle) {
      this.handle = handle;
    }

    /** Raw DEFLATE data (final block included) for {@code data[0, length)}. */
    public byte[] deflate(byte[] data, int length) {
      if (handle == null) {
        throw new IllegalStateException("compressor closed");
      }
      long bound = api.libdeflate_deflate_compress_bound(handle, length);
      input = capacity(input, Math.max(1, length));
      output = capacity(output, bound);
      input.write(0, data, 0, length);
      long produced = api.libdeflate_deflate_compress(handle, input, length, output, bound);
      if (produced <= 0) {
        throw new IllegalStateException("libdeflate produced no output for " + length + " bytes");
      }
      return output.getByteArray(0, (int) produced);
    }

    private Memory capacity(Memory memory, long size) {
      if (memory != null && memory.size() >= size) {
        return memory;
      }
      if (memory != null) {
        memory.close();
      }
      return new Memory(size);
    }

    @Override
    public void close() {
      if (handle != null) {
        api.libdeflate_free_compressor(handle);
        handle = null;
      }
      if (input != null) {
        input.close();
      }
      if (output != null) {
        output.close();
      }
    }
  }
}
