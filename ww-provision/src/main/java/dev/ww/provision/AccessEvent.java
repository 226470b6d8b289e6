package dev.ww.provision;

import dev.ww.core.event.Event;
import java.net.InetSocketAddress;

/** One line of the access log: a request the server answered. */
public record AccessEvent(
    InetSocketAddress client, String method, String uri, int status, long bytes, long micros)
    implements Event {

  /** Common-log-like rendering. */
  public String line() {
    return client.getAddress().getHostAddress() + ":" + client.getPort() + " \"" + method + " "
        + uri + "\" " + status + " " + bytes + " " + micros + "us";
  }
}
