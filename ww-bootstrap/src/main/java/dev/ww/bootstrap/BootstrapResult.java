package dev.ww.bootstrap;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a bootstrap build produced.
 *
 * @param kernelVersion the kernel's version
 * @param kernelFile where the kernel image was written
 * @param initramfsFile where the gzip-compressed initramfs was written
 * @param initramfsSha256 hex SHA-256 of the initramfs file
 * @param initramfsSize size of the initramfs file in bytes
 * @param drivers names of the modules included
 * @param firmware firmware files included, relative to {@code lib/firmware}
 * @param missingFirmware firmware declared by included modules but not found, as {@code
 *     module: file}
 * @param unmatchedDrivers configured driver entries that matched no module
 * @param unmatchedFirmware configured firmware globs that matched no file
 * @param capabilities capabilities included
 * @param microcodeSize size of the early microcode archive at the start of the initramfs file,
 *     0 without microcode
 */
public record BootstrapResult(
    String kernelVersion,
    Path kernelFile,
    Path initramfsFile,
    String initramfsSha256,
    long initramfsSize,
    List<String> drivers,
    List<String> firmware,
    List<String> missingFirmware,
    List<String> unmatchedDrivers,
    List<String> unmatchedFirmware,
    Set<Capability> capabilities,
    long microcodeSize) {

  public BootstrapResult {
    Objects.requireNonNull(kernelVersion, "kernelVersion");
    Objects.requireNonNull(kernelFile, "kernelFile");
    Objects.requireNonNull(initramfsFile, "initramfsFile");
    Objects.requireNonNull(initramfsSha256, "initramfsSha256");
    drivers = List.copyOf(drivers);
    firmware = List.copyOf(firmware);
    missingFirmware = List.copyOf(missingFirmware);
    unmatchedDrivers = List.copyOf(unmatchedDrivers);
    unmatchedFirmware = List.copyOf(unmatchedFirmware);
    capabilities = Set.copyOf(capabilities);
  }
}
