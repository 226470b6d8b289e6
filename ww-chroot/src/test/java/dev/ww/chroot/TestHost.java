package dev.ww.chroot;

import dev.ww.core.Layout;
import dev.ww.core.event.Event;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import dev.ww.core.os.FakeLinuxOs;
import dev.ww.core.process.FakeProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A fake host for unit tests: fake OS calls and processes, real files under a temp dir. */
final class TestHost {

  final Path base;
  final Path bin;
  final FakeLinuxOs os = new FakeLinuxOs();
  final FakeProcessRunner runner = new FakeProcessRunner();
  final List<Event> events = Collections.synchronizedList(new ArrayList<>());
  final Layout layout;
  final Map<String, String> environment = new HashMap<>();

  TestHost(Path base) throws IOException {
    this.base = base;
    this.bin = Files.createDirectories(base.resolve("bin"));
    this.layout = Layout.under(base.resolve("ww"));
    environment.put("PATH", bin.toString());
  }

  /** Puts an executable named {@code program} on the fake PATH (its content is never run). */
  TestHost program(String... programs) throws IOException {
    for (String program : programs) {
      Path file = bin.resolve(program);
      Files.writeString(file, "#!/bin/sh\nexit 99\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return this;
  }

  MountTable mountTable() {
    return directory -> {
      Path dir = directory.toAbsolutePath().normalize();
      List<Path> points = new ArrayList<>();
      for (FakeLinuxOs.Mount mount : os.mounts()) {
        if (mount.target().startsWith(dir)) {
          points.add(mount.target());
        }
      }
      Collections.reverse(points);
      points.sort(Comparator.comparingInt(Path::getNameCount).reversed());
      return points;
    };
  }

  HostServices services() {
    return new HostServices(
        os,
        runner,
        EventHandlers.builder().add(Event.class, events::add).build(),
        layout,
        mountTable(),
        environment);
  }

  List<String> messages(LogEvent.Level level) {
    List<String> found = new ArrayList<>();
    for (Event event : List.copyOf(events)) {
      if (event instanceof LogEvent log && log.level() == level) {
        found.add(log.message());
      }
    }
    return found;
  }

  /** The value of the argument starting with {@code prefix} in {@code argv}. */
  static String option(List<String> argv, String prefix) {
    return argv.stream().filter(a -> a.startsWith(prefix)).findFirst().map(a -> a.substring(prefix.length())).orElse(null);
  }
}
