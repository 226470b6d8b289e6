package dev.ww.provision.internal;

import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import dev.ww.provision.BootReport;
import dev.ww.provision.BootReportLog;
import dev.ww.provision.BootstrapImage;
import dev.ww.provision.CapsuleImage;
import dev.ww.provision.HwAddr;
import dev.ww.provision.NodeAttribute;
import dev.ww.provision.NodeFile;
import dev.ww.provision.ProvisionNode;
import dev.ww.provision.ProvisioningCatalog;
import dev.ww.provision.RefusalEvent;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Routes node requests. Runs on worker threads (catalog calls may block), never on I/O
 * threads. Names in requests are only ever looked up in the catalog; no request value becomes
 * a path.
 */
@ChannelHandler.Sharable
public final class ProvisionHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{1,12}");
  private static final Set<String> SCRIPT_TYPES = Set.of("pre", "post", "runtime");
  private static final String IPXE_PREFIX = "/WW/ipxe/";

  private final ProvisioningCatalog catalog;
  private final Authorizer authorizer;
  private final AdmissionGate gate;
  private final IpxeScripts ipxe;
  private final NodeFiles files;
  private final BootReportLog reports;
  private final EventHandlers events;
  private final String defaultKargs;
  private final Clock clock;

  public ProvisionHandler(
      ProvisioningCatalog catalog,
      Authorizer authorizer,
      AdmissionGate gate,
      IpxeScripts ipxe,
      NodeFiles files,
      BootReportLog reports,
      EventHandlers events,
      String defaultKargs,
      Clock clock) {
    super(true);
    this.catalog = catalog;
    this.authorizer = authorizer;
    this.gate = gate;
    this.ipxe = ipxe;
    this.files = files;
    this.reports = reports;
    this.events = events;
    this.defaultKargs = defaultKargs;
    this.clock = clock;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
    if (req.decoderResult().isFailure()) {
      Exchange ex = new Exchange(ctx, req, client, false, events);
      Throwable cause = req.decoderResult().cause();
      int status =
          cause instanceof TooLongHttpLineException
              ? 414
              : cause instanceof TooLongHttpHeaderException
                  ? 431
                  : cause instanceof TooLongFrameException ? 431 : 400;
      refuse(ex, null, "-", "(unparseable request)", "malformed or oversized request: "
          + Params.printable(String.valueOf(cause.getMessage())), status);
      return;
    }
    Exchange ex = new Exchange(ctx, req, client, HttpUtil.isKeepAlive(req), events);
    try {
      route(ex);
    } catch (BadRequest e) {
      refuse(ex, null, "-", Params.printable(req.uri()), e.getMessage(), 400);
    } catch (IOException | RuntimeException e) {
      events.dispatch(
          LogEvent.error("error answering " + Params.printable(req.uri()) + " for " + client + ": " + e));
      if (!ex.answered()) {
        ex.text(500, "internal error\n");
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    events.dispatch(LogEvent.debug("connection " + ctx.channel().remoteAddress() + ": " + cause));
    ctx.close();
  }

  private void route(Exchange ex) throws BadRequest, IOException {
    HttpMethod m = ex.request.method();
    QueryStringDecoder qs =
        new QueryStringDecoder(ex.request.uri(), StandardCharsets.UTF_8, true, 8, true);
    String path = qs.rawPath();
    boolean read = m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD);
    if (path.equals("/WW/report")) {
      if (!m.equals(HttpMethod.POST)) {
        ex.bytes(405, Exchange.TEXT, "use POST\n".getBytes(StandardCharsets.UTF_8), Map.of(HttpHeaderNames.ALLOW, "POST"));
        return;
      }
      report(ex, Params.of(qs, Set.of("hwaddr")));
      return;
    }
    if (!read) {
      ex.bytes(405, Exchange.TEXT, "use GET or HEAD\n".getBytes(StandardCharsets.UTF_8), Map.of(HttpHeaderNames.ALLOW, "GET, HEAD"));
      return;
    }
    switch (path) {
      case "/health" -> {
        Params.of(qs, Set.of());
        ex.text(200, "ok\n");
      }
      case "/WW/ipxe/chain" -> {
        Params.of(qs, Set.of());
        ex.text(200, ipxe.chain());
      }
      case "/WW/bootstrap/kernel" -> bootstrap(ex, Params.of(qs, Set.of("hwaddr")), true);
      case "/WW/bootstrap/initramfs" -> bootstrap(ex, Params.of(qs, Set.of("hwaddr")), false);
      case "/WW/nodeconfig" -> nodeConfig(ex, Params.of(qs, Set.of("hwaddr")));
      case "/WW/vnfs", "/WW/capsule" -> capsule(ex, Params.of(qs, Set.of("hwaddr")));
      case "/WW/file" -> file(ex, Params.of(qs, Set.of("hwaddr", "fileid", "timestamp")));
      case "/WW/script" -> script(ex, Params.of(qs, Set.of("hwaddr", "type")));
      default -> {
        if (path.startsWith(IPXE_PREFIX)) {
          Params.of(qs, Set.of());
          nodeIpxe(ex, path.substring(IPXE_PREFIX.length()));
        } else {
          ex.text(404, "not found\n");
        }
      }
    }
  }

  private static HwAddr hwaddr(String text) throws BadRequest {
    try {
      return HwAddr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("not a hardware address: " + Params.printable(text));
    }
  }

  /** The node, or empty after refusing the request. */
  private Optional<ProvisionNode> authorize(Exchange ex, HwAddr hw, String what, boolean portCheck) {
    Authorizer.Decision d = authorizer.authorize(hw, ex.client, portCheck);
    if (d instanceof Authorizer.Denied denied) {
      refuse(ex, hw, denied.node(), what, denied.why(), denied.status());
      return Optional.empty();
    }
    return Optional.of(((Authorizer.Granted) d).node());
  }

  private void refuse(Exchange ex, HwAddr hw, String node, String what, String why, int status) {
    RefusalEvent e =
        new RefusalEvent(ex.client, hw == null ? "-" : hw.value(), node, what, why, status);
    events.dispatch(e);
    events.dispatch(LogEvent.warn(e.line()));
    String body =
        switch (status) {
          case 400 -> "bad request: " + why + "\n";
          case 404 -> "not found\n";
          default -> "refused\n";
        };
    ex.text(status, body);
  }

  private void nodeIpxe(Exchange ex, String mac) throws BadRequest {
    HwAddr hw = hwaddr(mac);
    Optional<ProvisionNode> node = authorize(ex, hw, "ipxe script", false);
    if (node.isEmpty()) {
      return;
    }
    ProvisionNode n = node.get();
    if (n.bootLocal() != dev.ww.provision.BootLocal.NO) {
      ex.text(200, ipxe.bootLocal(n));
      return;
    }
    if (n.bootstrapId().flatMap(catalog::bootstrap).isEmpty()) {
      refuse(ex, hw, n.name(), "ipxe script", "no bootstrap assigned (or it does not exist)", 404);
      return;
    }
    ex.text(200, ipxe.boot(n, hw, n.kargs().orElse(defaultKargs)));
  }

  private void bootstrap(Exchange ex, Params p, boolean kernel) throws BadRequest, IOException {
    HwAddr hw = hwaddr(p.require("hwaddr"));
    String what = kernel ? "bootstrap kernel" : "bootstrap initramfs";
    Optional<ProvisionNode> node = authorize(ex, hw, what, false);
    if (node.isEmpty()) {
      return;
    }
    Optional<BootstrapImage> b = node.get().bootstrapId().flatMap(catalog::bootstrap);
    if (b.isEmpty()) {
      refuse(ex, hw, node.get().name(), what, "no bootstrap assigned (or it does not exist)", 404);
      return;
    }
    ex.blob(kernel ? b.get().kernel() : b.get().initramfs(), () -> {});
  }

  private void nodeConfig(Exchange ex, Params p) throws BadRequest {
    HwAddr hw = hwaddr(p.require("hwaddr"));
    Optional<ProvisionNode> node = authorize(ex, hw, "node config", true);
    if (node.isEmpty()) {
      return;
    }
    ProvisionNode n = node.get();
    Optional<CapsuleImage> capsule = n.capsuleId().flatMap(catalog::capsule);
    NodeConfigRenderer.Rendered r = new NodeConfigRenderer().render(n, hw, capsule);
    if (!r.skipped().isEmpty()) {
      events.dispatch(
          LogEvent.debug("node config of " + n.name() + " leaves out: " + String.join(", ", r.skipped())));
    }
    ex.text(200, r.text());
  }

  private void capsule(Exchange ex, Params p) throws BadRequest, IOException {
    HwAddr hw = hwaddr(p.require("hwaddr"));
    Optional<ProvisionNode> node = authorize(ex, hw, "capsule", true);
    if (node.isEmpty()) {
      return;
    }
    Optional<CapsuleImage> c = node.get().capsuleId().flatMap(catalog::capsule);
    if (c.isEmpty()) {
      refuse(ex, hw, node.get().name(), "capsule", "no capsule assigned (or it does not exist)", 404);
      return;
    }
    String etag = Exchange.quote(c.get().blob().sha256());
    if (ex.matchesIfNoneMatch(etag)) {
      ex.blob(c.get().blob(), () -> {});
      return;
    }
    if (!gate.tryAcquire()) {
      int after = gate.retryAfterSeconds();
      events.dispatch(
          LogEvent.debug("capsule transfer for " + node.get().name() + " deferred " + after + " s: "
              + gate.inFlight() + " in flight"));
      ex.bytes(
          503,
          Exchange.TEXT,
          "busy: retry later\n".getBytes(StandardCharsets.UTF_8),
          Map.of(HttpHeaderNames.RETRY_AFTER, Integer.toString(after)));
      return;
    }
    ex.blob(c.get().blob(), gate::release);
  }

  private void file(Exchange ex, Params p) throws BadRequest, IOException {
    HwAddr hw = hwaddr(p.require("hwaddr"));
    Optional<String> fileId = p.get("fileid");
    if (fileId.isPresent() && !FILE_ID.matcher(fileId.get()).matches()) {
      throw new BadRequest("not a file id: " + Params.printable(fileId.get()));
    }
    Optional<String> ts = p.get("timestamp");
    if (ts.isPresent() && !TIMESTAMP.matcher(ts.get()).matches()) {
      throw new BadRequest("timestamp must be seconds since the epoch");
    }
    if (fileId.isPresent() && ts.isPresent()) {
      throw new BadRequest("fileid and timestamp do not go together");
    }
    String what = fileId.map(f -> "file " + f).orElse("file list");
    Optional<ProvisionNode> node = authorize(ex, hw, what, true);
    if (node.isEmpty()) {
      return;
    }
    ProvisionNode n = node.get();
    if (fileId.isEmpty()) {
      List<String> missing = new ArrayList<>();
      List<ServedFile> all = files.all(n, hw, missing);
      if (!missing.isEmpty()) {
        events.dispatch(LogEvent.warn("node " + n.name() + " is assigned files that do not exist: " + missing));
      }
      ex.text(200, FileListRenderer.render(all, ts.map(Long::parseLong).orElse(-1L)));
      return;
    }
    Optional<ServedFile> f = files.assigned(n, hw, fileId.get());
    if (f.isEmpty()) {
      refuse(ex, hw, n.name(), what, n.fileIds().contains(fileId.get())
          ? "assigned but does not exist" : "not assigned to this node", 404);
      return;
    }
    ServedFile sf = f.get();
    if (sf.raw().isPresent()) {
      ex.blob(sf.raw().get(), () -> {});
    } else {
      ex.taggedBytes(Exchange.OCTETS, sf.rendered().orElseThrow(), sf.etag());
    }
  }

  private void script(Exchange ex, Params p) throws BadRequest, IOException {
    HwAddr hw = hwaddr(p.require("hwaddr"));
    String type = p.require("type").toLowerCase(Locale.ROOT);
    if (!SCRIPT_TYPES.contains(type)) {
      throw new BadRequest("script type must be pre, post or runtime");
    }
    String what = type + "script";
    Optional<ProvisionNode> node = authorize(ex, hw, what, true);
    if (node.isEmpty()) {
      return;
    }
    ProvisionNode n = node.get();
    List<String> names = n.attribute(what).map(NodeAttribute::values).orElse(List.of());
    // No script of that type is an empty answer: the node has nothing to run (not an error).
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      Optional<NodeFile> f = catalog.fileByName(name);
      if (f.isEmpty() || f.get().content().isEmpty()) {
        events.dispatch(LogEvent.warn("node " + n.name() + ": " + what + " '" + Params.printable(name) + "' does not exist; left out"));
        continue;
      }
      if (!f.get().shellFormat()) {
        events.dispatch(LogEvent.warn("node " + n.name() + ": " + what + " '" + name + "' is format "
            + f.get().format() + ", only shell is served; left out"));
        continue;
      }
      String body = Files.readString(f.get().content().get().path(), StandardCharsets.UTF_8);
      out.append(body);
      if (!body.endsWith("\n")) {
        out.append('\n');
      }
    }
    ex.text(200, out.toString());
  }

  private void report(Exchange ex, Params p) throws BadRequest {
    HwAddr hw = hwaddr(p.require("hwaddr"));
    Optional<ProvisionNode> node = authorize(ex, hw, "boot report", true);
    if (node.isEmpty()) {
      return;
    }
    String body = ex.request.content().toString(StandardCharsets.UTF_8);
    QueryStringDecoder form = new QueryStringDecoder(body, StandardCharsets.UTF_8, false, 8, true);
    Params f = Params.of(form, Set.of("stage", "status", "message"), BootReport.MAX_MESSAGE);
    BootReport.Status status;
    try {
      status = BootReport.Status.valueOf(f.require("status").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequest("status must be started, ok or failed");
    }
    String message = f.get("message").orElse("").replaceAll("[\\p{Cntrl}]", " ");
    BootReport r;
    try {
      r = new BootReport(node.get().name(), f.require("stage"), status, message, clock.instant());
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
    reports.add(r);
    try {
      catalog.recordBootReport(r);
    } catch (RuntimeException e) {
      events.dispatch(LogEvent.warn("could not store the boot report of node " + r.node() + ": " + e.getMessage()));
    }
    LogEvent.Level level = status == BootReport.Status.FAILED ? LogEvent.Level.WARN : LogEvent.Level.INFO;
    events.dispatch(new LogEvent(level, "node " + r.node() + " stage " + r.stage() + ": "
        + status.name().toLowerCase(Locale.ROOT) + (message.isEmpty() ? "" : " (" + message + ")")));
    ex.bytes(204, Exchange.TEXT, new byte[0], Map.of());
  }
}
