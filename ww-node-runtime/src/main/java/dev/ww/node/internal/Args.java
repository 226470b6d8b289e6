package dev.ww.node.internal;

import dev.ww.node.NodePaths;
import java.nio.file.Path;
import java.util.List;

/** Hand-written option parsing for the node tools: a cursor over the arguments. */
final class Args {

  /** A usage error: exit status 2 with the tool's usage line. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private final String tool;
  private final List<String> args;
  private int i;
  private Path root = Path.of("/");
  private Path config;
  private Path stateDir;
  private Path cmdline;

  Args(String tool, List<String> args) {
    this.tool = tool;
    this.args = args;
  }

  String next() {
    return i < args.size() ? args.get(i++) : null;
  }

  String value(String option) {
    if (i >= args.size()) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(i++);
  }

  long nonNegative(String option) {
    String v = value(option);
    if (!Chars.digits(v, 9)) {
      throw new UsageException(option + " needs a number of seconds, got '" + v + "'");
    }
    return Long.parseLong(v);
  }

  /** A size in bytes, with an optional binary suffix: {@code 0}, {@code 4096}, {@code 64M}, {@code 1G}. */
  long bytes(String option) {
    String v = value(option);
    int shift = 0;
    String digits = v;
    if (!v.isEmpty()) {
      char unit = Character.toUpperCase(v.charAt(v.length() - 1));
      shift = unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 0;
      if (shift > 0) {
        digits = v.substring(0, v.length() - 1);
      }
    }
    if (!Chars.digits(digits, 9)) {
      throw new UsageException(option + " needs a size such as 65536, 64M or 1G, got '" + v + "'");
    }
    return Long.parseLong(digits) << shift;
  }

  /** Options every tool takes; anything else not starting with '-' is an operand. */
  void common(String o, List<String> operands) {
    switch (o) {
      case "--root" -> root = Path.of(value(o));
      case "--config" -> config = Path.of(value(o));
      case "--state-dir" -> stateDir = Path.of(value(o));
      case "--cmdline" -> cmdline = Path.of(value(o));
      default -> {
        if (o.startsWith("-")) {
          throw new UsageException("unknown option " + o);
        }
        operands.add(o);
      }
    }
  }

  void noOperands(List<String> operands) {
    if (!operands.isEmpty()) {
      throw new UsageException("unexpected argument '" + operands.get(0) + "'");
    }
  }

  NodePaths paths() {
    NodePaths p = NodePaths.under(root);
    if (config != null) {
      p = p.withConfig(config);
    }
    if (stateDir != null) {
      p = p.withStateDir(stateDir);
    }
    if (cmdline != null) {
      p = p.withCmdline(cmdline);
    }
    return p;
  }

  String tool() {
    return tool;
  }
}
