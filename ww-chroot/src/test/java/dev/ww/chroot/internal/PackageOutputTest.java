package dev.ww.chroot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.event.Event;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import dev.ww.core.event.ProgressEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackageOutputTest {

  private final List<Event> events = new ArrayList<>();
  private final EventHandlers handlers = EventHandlers.builder().add(Event.class, events::add).build();

  private List<ProgressEvent> progress() {
    return events.stream().filter(ProgressEvent.class::isInstance).map(ProgressEvent.class::cast).toList();
  }

  @Test
  void dnfLines_giveProgressWithTheTotal() {
    PackageOutput output = new PackageOutput("dnf", handlers);
    output.accept("  Installing       : bash-5.1.8-6.el9.x86_64                      3/20 ");
    output.accept("  Verifying        : bash-5.1.8-6.el9.x86_64                     20/20 ");

    assertThat(progress()).containsExactly(
        new ProgressEvent("dnf: Installing", 3, 20, "packages"), new ProgressEvent("dnf: Verifying", 20, 20, "packages"));
  }

  @Test
  void debootstrapLines_countPackagesPerPhaseButNotIndexFiles() {
    PackageOutput output = new PackageOutput("debootstrap", handlers);
    output.accept("I: Retrieving InRelease ");
    output.accept("I: Retrieving Packages ");
    output.accept("I: Retrieving adduser 3.134");
    output.accept("I: Retrieving apt 2.6.1");
    output.accept("I: Extracting adduser...");
    output.accept("W: Failure trying to run: chroot /x mount -t proc proc /proc");

    assertThat(output.counts()).containsEntry("Retrieving", 2L);
    assertThat(progress().stream().filter(e -> e.task().endsWith("Retrieving")).toList()).last().isEqualTo(new ProgressEvent("debootstrap: Retrieving", 2, ProgressEvent.UNKNOWN_TOTAL, "packages"));
    assertThat(events).contains(LogEvent.warn("debootstrap: W: Failure trying to run: chroot /x mount -t proc proc /proc"));
    assertThat(events).contains(LogEvent.debug("debootstrap: I: Retrieving apt 2.6.1"));
  }

  @Test
  void aptLines_countUnpackingAndSettingUp() {
    PackageOutput output = new PackageOutput("apt-get", handlers);
    output.accept("Get:1 http://deb.debian.org/debian bookworm/main amd64 nano amd64 7.2-1 [690 kB]");
    output.accept("Unpacking nano (7.2-1) ...");
    output.accept("Setting up nano (7.2-1) ...");
    output.accept("Reading package lists...");

    assertThat(output.counts()).containsEntry("Downloading", 1L).containsEntry("Unpacking", 1L).containsEntry("Setting up", 1L);
  }
}
