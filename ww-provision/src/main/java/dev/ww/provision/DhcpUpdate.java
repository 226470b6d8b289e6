package dev.ww.provision;

import java.util.List;

/**
 * What a DHCP configuration update did. {@code reloadNeeded} is true only when the running
 * DHCP server must be told (dnsmasq re-reads changed host files by itself; removals and main
 * file changes need a reload; ISC dhcpd needs a restart whenever its file changed).
 */
public record DhcpUpdate(
    int written, int unchanged, int removed, boolean reloadNeeded, List<String> skipped) {
  public DhcpUpdate {
    skipped = List.copyOf(skipped);
  }
}
