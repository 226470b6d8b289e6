package dev.ww.cli;

import java.util.Map;
import java.util.Optional;

/**
 * What a tool gets from the process that started it: its name and environment variables. It is
 * handed to commands through their constructors (see {@link CommandFactory}), so no command
 * reads {@code System.getenv} and tests can run tools with any environment.
 */
public record ToolEnvironment(String toolName, Map<String, String> variables) {

  public ToolEnvironment {
    variables = Map.copyOf(variables);
  }

  public Optional<String> variable(String name) {
    String value = variables.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
