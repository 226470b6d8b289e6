package dev.ww.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The tools the distribution ships, by the name of their {@code bin/} script. A tool is listed
 * here once its feature is real; the distribution's scripts are checked against this list by a
 * test.
 */
public final class Tools {

  private static final Map<String, Class<?>> COMMANDS = new TreeMap<>();

  static {
    // One line per tool: its bin/ name and its top-level picocli command class.
    COMMANDS.put("wwbootstrap", dev.ww.cli.bootstrap.BootstrapCommand.class);
    COMMANDS.put("wwmkchroot", dev.ww.cli.chroot.MkChrootCommand.class);
    COMMANDS.put("wwmngchroot", dev.ww.cli.chroot.MngChrootCommand.class);
    COMMANDS.put("wwprovisiond", dev.ww.cli.provision.ProvisiondCommand.class);
    COMMANDS.put("wwsh", dev.ww.cli.wwsh.WwshCommand.class);
    COMMANDS.put("wwvnfs", dev.ww.cli.vnfs.VnfsCommand.class);
  }

  private Tools() {}

  /** The names of every tool. */
  public static List<String> names() {
    return List.copyOf(COMMANDS.keySet());
  }

  public static Optional<Tool> find(String name) {
    Class<?> commandClass = COMMANDS.get(name);
    return commandClass == null ? Optional.empty() : Optional.of(new Tool(name, commandClass));
  }
}
