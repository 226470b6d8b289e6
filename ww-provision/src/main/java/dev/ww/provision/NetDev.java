package dev.ww.provision;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A node's network device: name (eth0, ib0…), hardware address, and static addressing when
 * configured. Absent address means DHCP-only (such a device cannot pass the source check).
 */
public record NetDev(
    String name,
    Optional<HwAddr> hwaddr,
    Optional<InetAddress> ipaddr,
    Optional<InetAddress> netmask,
    Optional<InetAddress> gateway,
    Optional<Integer> mtu) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,32}");

  public NetDev {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hwaddr, "hwaddr");
    Objects.requireNonNull(ipaddr, "ipaddr");
    Objects.requireNonNull(netmask, "netmask");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(mtu, "mtu");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad network device name: " + name);
    }
  }

  /** A device with a hardware address and a static address. */
  public static NetDev of(String name, HwAddr hwaddr, InetAddress ipaddr, InetAddress netmask) {
    return new NetDev(
        name,
        Optional.of(hwaddr),
        Optional.of(ipaddr),
        Optional.ofNullable(netmask),
        Optional.empty(),
        Optional.empty());
  }

  public NetDev withGateway(InetAddress gw) {
    return new NetDev(name, hwaddr, ipaddr, netmask, Optional.of(gw), mtu);
  }
}
