package dev.ww.provision;

import dev.ww.core.event.Event;
import java.net.InetSocketAddress;

/**
 * A request the server refused: who asked (source address and port, the hardware address and
 * node it claimed), what it asked for, why it was refused, and the status it got.
 */
public record RefusalEvent(
    InetSocketAddress client, String hwaddr, String node, String what, String why, int status)
    implements Event {

  public String line() {
    return "refused " + status + ": " + client.getAddress().getHostAddress() + ":"
        + client.getPort() + " hwaddr=" + hwaddr + " node=" + node + " asked for " + what + ": "
        + why;
  }
}
