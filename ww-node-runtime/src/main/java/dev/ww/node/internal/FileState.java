package dev.ww.node.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What {@code wwgetfiles} remembers: the master's newest file time it has fully applied (sent as
 * {@code timestamp=} next time) and the etag last placed for each file id. Written atomically;
 * a missing or unreadable state just means "fetch everything".
 */
public final class FileState {

  private OptionalLong timestamp;
  private final Map<String, String> etags;

  private FileState(OptionalLong timestamp, Map<String, String> etags) {
    this.timestamp = timestamp;
    this.etags = etags;
  }

  public static FileState empty() {
    return new FileState(OptionalLong.empty(), new TreeMap<>());
  }

  public static FileState load(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return empty();
    }
    FileState s = empty();
    for (String line : text.split("\n")) {
      String[] f = line.split(" ");
      if (f.length == 2 && f[0].equals("timestamp") && Chars.digits(f[1], 18)) {
        s.timestamp = OptionalLong.of(Long.parseLong(f[1]));
      } else if (f.length == 3 && f[0].equals("file")) {
        s.etags.put(f[1], f[2]);
      } else if (!line.isBlank()) {
        return empty();
      }
    }
    return s;
  }

  public OptionalLong timestamp() {
    return timestamp;
  }

  public void timestamp(long t) {
    timestamp = OptionalLong.of(t);
  }

  public String etag(String id) {
    return etags.get(id);
  }

  public void placed(String id, String etag) {
    etags.put(id, etag);
  }

  public void save(Path file) throws IOException {
    StringBuilder b = new StringBuilder();
    if (timestamp.isPresent()) {
      b.append("timestamp ").append(timestamp.getAsLong()).append('\n');
    }
    for (Map.Entry<String, String> e : etags.entrySet()) {
      b.append("file ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    AtomicWrite.write(file, b.toString().getBytes(StandardCharsets.UTF_8), 0600);
  }
}
