package dev.ww.core.process;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs programs as child processes of this JVM. */
public final class SystemProcessRunner implements ProcessRunner {

  private static final int STREAM_TAIL_LINES = 40;

  private final Map<String, String> baseEnvironment;

  /** A runner whose children inherit this process's environment. */
  public SystemProcessRunner() {
    this(null);
  }

  /**
   * A runner whose children start from {@code baseEnvironment} instead of this process's
   * environment ({@code null} to inherit).
   */
  public SystemProcessRunner(Map<String, String> baseEnvironment) {
    this.baseEnvironment = baseEnvironment == null ? null : Map.copyOf(baseEnvironment);
  }

  @Override
  public ProcessResult run(Command command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command.argv());
    if (baseEnvironment != null) {
      builder.environment().clear();
      builder.environment().putAll(baseEnvironment);
    }
    command
        .environment()
        .forEach(
            (name, value) -> {
              if (value == null) {
                builder.environment().remove(name);
              } else {
                builder.environment().put(name, value);
              }
            });
    command.workingDirectory().map(Path::toFile).ifPresent(builder::directory);
    switch (command.output()) {
      case INHERIT -> builder.inheritIO();
      case STREAM -> builder.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(devNull()));
      case CAPTURE -> builder.redirectInput(ProcessBuilder.Redirect.from(devNull()));
    }

    long start = System.nanoTime();
    Process process = start(builder, command);
    OutputCollector out;
    OutputCollector err;
    if (command.output() == Command.Output.STREAM) {
      out = OutputCollector.streaming(process.getInputStream(), command.lineConsumer());
      err = OutputCollector.none();
    } else if (command.output() == Command.Output.CAPTURE) {
      out = OutputCollector.capturing(process.getInputStream());
      err = OutputCollector.capturing(process.getErrorStream());
    } else {
      out = OutputCollector.none();
      err = OutputCollector.none();
    }

    int status;
    try {
      status = waitFor(process, command);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running '" + command.display() + "'", e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    String stdout = out.finish();
    String stderr = err.finish();
    if (status == TIMED_OUT) {
      throw ProcessFailedException.timedOut(
          command, command.timeout().orElseThrow(), stderr.isBlank() ? stdout : stderr);
    }
    if (command.output() == Command.Output.STREAM) {
      // The streamed lines went to the consumer; keep their tail for error messages.
      return new ProcessResult(command, status, "", stdout, elapsed).checked();
    }
    return new ProcessResult(command, status, stdout, stderr, elapsed).checked();
  }

  private static final int TIMED_OUT = Integer.MIN_VALUE;

  private static int waitFor(Process process, Command command) throws InterruptedException {
    if (command.timeout().isEmpty()) {
      return process.waitFor();
    }
    if (process.waitFor(command.timeout().get().toNanos(), TimeUnit.NANOSECONDS)) {
      return process.exitValue();
    }
    kill(process);
    return TIMED_OUT;
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Process start(ProcessBuilder builder, Command command) throws IOException {
    try {
      return builder.start();
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("error=2,")) {
        throw new ProgramNotFoundException(command.program(), e);
      }
      throw new IOException("cannot start '" + command.display() + "': " + message, e);
    }
  }

  private static java.io.File devNull() {
    return new java.io.File("/dev/null");
  }

  /** Drains one output stream on its own thread so the child never blocks on a full pipe. */
  private static final class OutputCollector {
    private final StringBuilder text = new StringBuilder();
    private Thread thread;
    private volatile IOException failure;

    static OutputCollector none() {
      return new OutputCollector();
    }

    static OutputCollector capturing(InputStream stream) {
      OutputCollector collector = new OutputCollector();
      collector.start(
          () -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            stream.transferTo(bytes);
            collector.text.append(bytes.toString(StandardCharsets.UTF_8));
          });
      return collector;
    }

    static OutputCollector streaming(InputStream stream, Consumer<String> consumer) {
      OutputCollector collector = new OutputCollector();
      collector.start(
          () -> {
            Deque<String> tail = new ArrayDeque<>();
            try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
              String line;
              while ((line = reader.readLine()) != null) {
                consumer.accept(line);
                tail.addLast(line);
                if (tail.size() > STREAM_TAIL_LINES) {
                  tail.removeFirst();
                }
              }
            }
            collector.text.append(String.join("\n", tail));
          });
      return collector;
    }

    private void start(IoTask task) {
      thread =
          new Thread(
              () -> {
                try {
                  task.run();
                } catch (IOException e) {
                  failure = e;
                }
              },
              "process-output");
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits for the stream to end and returns what was collected. */
    String finish() {
      if (thread != null) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failure != null) {
        throw new UncheckedIOException("cannot read the program's output", failure);
      }
      return text.toString();
    }

    private interface IoTask {
      void run() throws IOException;
    }
  }
}
