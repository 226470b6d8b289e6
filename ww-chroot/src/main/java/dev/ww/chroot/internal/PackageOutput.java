package dev.ww.chroot.internal;

import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import dev.ww.core.event.ProgressEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the output lines of debootstrap, apt-get, dnf and yum into events: every line is a
 * debug message, warnings and errors are warnings, and lines that mark a package being
 * retrieved, unpacked, installed or removed advance a progress count.
 */
public final class PackageOutput implements Consumer<String> {

  /** dnf/yum: "  Installing : bash-5.1.8-6.el9.x86_64   3/20". */
  private static final Pattern COUNTED =
      Pattern.compile("^\\s*(Installing|Upgrading|Removing|Erasing|Cleanup|Verifying)\\s*:\\s*\\S+.*?\\s(\\d+)/(\\d+)\\s*$");
  /** debootstrap: "I: Retrieving libc6 2.36-9". */
  private static final Pattern DEBOOTSTRAP =
      Pattern.compile("^I: (Retrieving|Validating|Extracting|Unpacking|Configuring) (\\S+)( \\S+)?$");
  /** apt-get/dpkg: "Unpacking nano (7.2-1) ...", "Setting up nano (7.2-1) ...". */
  private static final Pattern APT =
      Pattern.compile("^(Unpacking|Setting up|Removing|Get:\\d+) (\\S+).*$");

  private final String tool;
  private final EventHandlers events;
  private final Map<String, Long> counts = new LinkedHashMap<>();

  public PackageOutput(String tool, EventHandlers events) {
    this.tool = tool;
    this.events = events;
  }

  @Override
  public void accept(String line) {
    events.dispatch(LogEvent.debug(tool + ": " + line));
    if (line.startsWith("W: ") || line.startsWith("E: ") || line.startsWith("Error")) {
      events.warn(tool + ": " + line);
    }
    Matcher counted = COUNTED.matcher(line);
    if (counted.matches()) {
      events.dispatch(
          new ProgressEvent(
              tool + ": " + counted.group(1),
              Long.parseLong(counted.group(2)),
              Math.max(Long.parseLong(counted.group(3)), 1),
              "packages"));
      return;
    }
    Matcher debootstrap = DEBOOTSTRAP.matcher(line);
    if (debootstrap.matches() && !isIndexFile(debootstrap.group(2))) {
      step(debootstrap.group(1));
      return;
    }
    Matcher apt = APT.matcher(line);
    if (apt.matches()) {
      step(apt.group(1).startsWith("Get:") ? "Downloading" : apt.group(1));
    }
  }

  private void step(String phase) {
    long done = counts.merge(phase, 1L, Long::sum);
    events.dispatch(new ProgressEvent(tool + ": " + phase, done, ProgressEvent.UNKNOWN_TOTAL, "packages"));
  }

  private static boolean isIndexFile(String name) {
    return name.equals("InRelease") || name.equals("Release") || name.equals("Release.gpg")
        || name.equals("Packages") || name.startsWith("Packages") || name.equals("base");
  }

  /** How many lines of each phase were seen (for tests and summaries). */
  public Map<String, Long> counts() {
    return Map.copyOf(counts);
  }
}
