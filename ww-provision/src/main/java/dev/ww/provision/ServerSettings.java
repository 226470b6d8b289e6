package dev.ww.provision;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the provisioning server listens, what it tells nodes, and its limits. Use
 * {@link #builder()}: every field has a named default.
 *
 * @param listen where to listen (port 0 picks a free port)
 * @param advertisedHost the address nodes use to reach this server (in iPXE scripts and
 *     {@code wwmaster=}); defaults to the listen address
 * @param advertisedPort the port nodes use; defaults to the bound port
 * @param maxConcurrentTransfers capsule downloads served at once; the rest get 503 +
 *     Retry-After
 * @param retryAfterSeconds the smallest Retry-After given to refused transfers
 * @param retryJitterSeconds random seconds added to Retry-After so retries spread out
 * @param requestTimeout a request must arrive complete within this time after the connection
 *     opens or the previous response ends (slow-loris defence, also the keep-alive idle time)
 * @param writeStallTimeout a response that makes no progress for this long is dropped
 * @param maxInitialLineLength longest request line (method, URI, version) in bytes: 414 beyond
 * @param maxHeaderSize all header lines together, in bytes: 431 beyond
 * @param maxBodySize largest request body (boot reports): 413 beyond
 * @param privilegedPortRequired when true, every node must connect from a source port below
 *     1024 for its config, capsule, files, scripts and reports (iPXE stage excepted), unless its
 *     own {@link PrivilegedPort} rule says otherwise
 * @param defaultKargs kernel arguments for nodes without their own
 * @param maxTemplatedFileSize text files larger than this are sent as stored, untemplated
 * @param workerThreads threads that may block on the catalog
 */
public record ServerSettings(
    InetSocketAddress listen,
    Optional<String> advertisedHost,
    Optional<Integer> advertisedPort,
    int maxConcurrentTransfers,
    int retryAfterSeconds,
    int retryJitterSeconds,
    Duration requestTimeout,
    Duration writeStallTimeout,
    int maxInitialLineLength,
    int maxHeaderSize,
    int maxBodySize,
    boolean privilegedPortRequired,
    String defaultKargs,
    long maxTemplatedFileSize,
    int workerThreads) {

  public ServerSettings {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(advertisedHost, "advertisedHost");
    Objects.requireNonNull(advertisedPort, "advertisedPort");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(writeStallTimeout, "writeStallTimeout");
    Objects.requireNonNull(defaultKargs, "defaultKargs");
    positive("maxConcurrentTransfers", maxConcurrentTransfers);
    positive("retryAfterSeconds", retryAfterSeconds);
    if (retryJitterSeconds < 0) {
      throw new IllegalArgumentException("retryJitterSeconds must not be negative");
    }
    positive("maxInitialLineLength", maxInitialLineLength);
    positive("maxHeaderSize", maxHeaderSize);
    positive("maxBodySize", maxBodySize);
    positive("workerThreads", workerThreads);
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (writeStallTimeout.isNegative() || writeStallTimeout.isZero()) {
      throw new IllegalArgumentException("writeStallTimeout must be positive");
    }
  }

  private static void positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: 127.0.0.1 on a free port, 64 transfers, 10 s request timeout. */
  public static final class Builder {
    private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
    private Optional<String> advertisedHost = Optional.empty();
    private Optional<Integer> advertisedPort = Optional.empty();
    private int maxConcurrentTransfers = 64;
    private int retryAfterSeconds = 2;
    private int retryJitterSeconds = 8;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration writeStallTimeout = Duration.ofSeconds(60);
    private int maxInitialLineLength = 2048;
    private int maxHeaderSize = 8192;
    private int maxBodySize = 4096;
    private boolean privilegedPortRequired;
    private String defaultKargs = "net.ifnames=0 biosdevname=0 quiet";
    private long maxTemplatedFileSize = 16L << 20;
    private int workerThreads = 16;

    private Builder() {}

    public Builder listen(InetSocketAddress v) {
      listen = v;
      return this;
    }

    public Builder advertisedHost(String v) {
      advertisedHost = Optional.of(v);
      return this;
    }

    public Builder advertisedPort(int v) {
      advertisedPort = Optional.of(v);
      return this;
    }

    public Builder maxConcurrentTransfers(int v) {
      maxConcurrentTransfers = v;
      return this;
    }

    public Builder retryAfter(int seconds, int jitterSeconds) {
      retryAfterSeconds = seconds;
      retryJitterSeconds = jitterSeconds;
      return this;
    }

    public Builder requestTimeout(Duration v) {
      requestTimeout = v;
      return this;
    }

    public Builder writeStallTimeout(Duration v) {
      writeStallTimeout = v;
      return this;
    }

    public Builder maxInitialLineLength(int v) {
      maxInitialLineLength = v;
      return this;
    }

    public Builder maxHeaderSize(int v) {
      maxHeaderSize = v;
      return this;
    }

    public Builder maxBodySize(int v) {
      maxBodySize = v;
      return this;
    }

    public Builder privilegedPortRequired(boolean v) {
      privilegedPortRequired = v;
      return this;
    }

    public Builder defaultKargs(String v) {
      defaultKargs = v;
      return this;
    }

    public Builder maxTemplatedFileSize(long v) {
      maxTemplatedFileSize = v;
      return this;
    }

    public Builder workerThreads(int v) {
      workerThreads = v;
      return this;
    }

    public ServerSettings build() {
      return new ServerSettings(
          listen, advertisedHost, advertisedPort, maxConcurrentTransfers, retryAfterSeconds,
          retryJitterSeconds, requestTimeout, writeStallTimeout, maxInitialLineLength,
          maxHeaderSize, maxBodySize, privilegedPortRequired, defaultKargs, maxTemplatedFileSize,
          workerThreads);
    }
  }
}
