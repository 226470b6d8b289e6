package dev.ww.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** One command-line tool: a picocli command object wired to ww's shared handlers. */
public final class Tool {

  private final String name;
  private final Class<?> commandClass;

  Tool(String name, Class<?> commandClass) {
    this.name = name;
    this.commandClass = commandClass;
  }

  public String name() {
    return name;
  }

  /** Parses {@code args}, runs the command, and returns the exit status. */
  public int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = commandLine(environment, out, err);
    return commandLine.execute(args);
  }

  /** The configured picocli command line, before execution. */
  public CommandLine commandLine(Map<String, String> environment, PrintWriter out, PrintWriter err) {
    CommandFactory factory = new CommandFactory(new ToolEnvironment(name, environment));
    CommandLine commandLine = new CommandLine(commandClass, factory);
    commandLine.setCommandName(name);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(new ErrorHandler(name));
    commandLine.setParameterExceptionHandler(new UsageErrorHandler(name));
    commandLine.setExitCodeExceptionMapper(ErrorHandler::exitCodeOf);
    addHelpEverywhere(commandLine);
    return commandLine;
  }

  /** Gives every subcommand a {@code --help}, so the hint printed on usage errors always works. */
  private static void addHelpEverywhere(CommandLine commandLine) {
    CommandLine.Model.CommandSpec spec = commandLine.getCommandSpec();
    if (spec.findOption("--help") == null) {
      spec.addOption(
          CommandLine.Model.OptionSpec.builder("--help")
              .usageHelp(true)
              .description("Show this help message and exit.")
              .build());
    }
    commandLine.getSubcommands().values().forEach(Tool::addHelpEverywhere);
  }
}
