package dev.ww.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates command, subcommand and mixin objects for picocli, passing the {@link
 * ToolEnvironment} to any constructor that takes one.
 */
final class CommandFactory implements CommandLine.IFactory {

  private final ToolEnvironment environment;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  CommandFactory(ToolEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    try {
      Constructor<K> constructor = type.getDeclaredConstructor(ToolEnvironment.class);
      constructor.setAccessible(true);
      return constructor.newInstance(environment);
    } catch (NoSuchMethodException noEnvironmentConstructor) {
      return fallback.create(type);
    }
  }
}
