package dev.ww.provision.internal;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Query parameters, strictly: only the names an endpoint knows, each at most once, values
 * short. Anything else is a 400 rather than something quietly ignored.
 */
final class Params {

  static final int MAX_VALUE = 256;

  private final Map<String, List<String>> raw;

  private Params(Map<String, List<String>> raw) {
    this.raw = raw;
  }

  static Params of(QueryStringDecoder qs, Set<String> allowed) throws BadRequest {
    return of(qs, allowed, MAX_VALUE);
  }

  static Params of(QueryStringDecoder qs, Set<String> allowed, int maxValue) throws BadRequest {
    Map<String, List<String>> p = qs.parameters();
    for (Map.Entry<String, List<String>> e : p.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw new BadRequest("unknown parameter " + printable(e.getKey()));
      }
      if (e.getValue().size() != 1) {
        throw new BadRequest("parameter " + e.getKey() + " given more than once");
      }
      if (e.getValue().get(0).length() > maxValue) {
        throw new BadRequest("parameter " + e.getKey() + " too long");
      }
    }
    return new Params(p);
  }

  Optional<String> get(String name) {
    List<String> v = raw.get(name);
    return v == null ? Optional.empty() : Optional.of(v.get(0));
  }

  String require(String name) throws BadRequest {
    return get(name).orElseThrow(() -> new BadRequest("missing parameter " + name));
  }

  /** For messages: at most 64 characters, control characters replaced. */
  static String printable(String s) {
    int n = Math.min(s.length(), 64);
    StringBuilder out = null;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        if (out == null) {
          out = new StringBuilder(n + 3).append(s, 0, i);
        }
        out.append('?');
      } else if (out != null) {
        out.append(c);
      }
    }
    String cut = out != null ? out.toString() : n == s.length() ? s : s.substring(0, n);
    return n < s.length() ? cut + "..." : cut;
  }
}
