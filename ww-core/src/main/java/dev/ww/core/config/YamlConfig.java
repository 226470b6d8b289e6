package dev.ww.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ww.core.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads YAML configuration files from a layout's configuration directory into typed values
 * (records or classes that Jackson can bind). Unknown keys are errors, so a misspelled option
 * never goes unnoticed; every error names the file and the line.
 */
public final class YamlConfig {

  private final Layout layout;
  private final ObjectMapper mapper;

  public YamlConfig(Layout layout) {
    this.layout = layout;
    this.mapper =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Reads {@code name} (relative to the configuration directory) as {@code type}.
   *
   * @return the value, or empty when the file does not exist
   * @throws ConfigException when the file is not valid YAML or does not fit {@code type}
   */
  public <T> Optional<T> read(String name, Class<T> type) {
    return readFile(layout.configFile(name), type);
  }

  /** Like {@link #read(String, Class)}, for a file anywhere. */
  public <T> Optional<T> readFile(Path file, Class<T> type) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ConfigException(file, 0, "cannot be read: " + e.getMessage(), e);
    }
    if (text.isBlank()) {
      throw new ConfigException(file, 0, "the file is empty; remove it or give it content");
    }
    try {
      return Optional.of(mapper.readValue(text, type));
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          file,
          lineOf(text, e),
          "unknown key '" + e.getPropertyName() + "'; known keys: " + e.getKnownPropertyIds(),
          e);
    } catch (JacksonException e) {
      throw new ConfigException(file, lineOf(text, e), e.getOriginalMessage(), e);
    }
  }

  /** Parses YAML text into a tree, for callers that interpret the document themselves. */
  public JsonNode parseTree(Path file, String text) {
    try {
      return mapper.readTree(text);
    } catch (JacksonException e) {
      throw new ConfigException(file, lineOf(e.getLocation()), e.getOriginalMessage(), e);
    }
  }

  private static int lineOf(JsonLocation location) {
    return location == null ? 0 : Math.max(location.getLineNr(), 0);
  }

  /**
   * The line of the key a binding error is about. Jackson reports where the parser stood, which
   * for records (bound after all their keys are read) is past the offending key; so the key is
   * looked up again by its path in the document.
   */
  private int lineOf(String text, JacksonException error) {
    if (error instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      JsonPointer wanted = pointerOf(mapping.getPath());
      try (JsonParser parser = mapper.getFactory().createParser(text)) {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
          if (token == JsonToken.FIELD_NAME
              && parser.getParsingContext().pathAsPointer().equals(wanted)) {
            return lineOf(parser.currentTokenLocation());
          }
        }
      } catch (IOException rescanFailed) {
        // fall back to where the parser stood
      }
    }
    return lineOf(error.getLocation());
  }

  private static JsonPointer pointerOf(List<JsonMappingException.Reference> path) {
    JsonPointer pointer = JsonPointer.empty();
    for (JsonMappingException.Reference reference : path) {
      pointer =
          reference.getFieldName() != null
              ? pointer.appendProperty(reference.getFieldName())
              : pointer.appendIndex(reference.getIndex());
    }
    return pointer;
  }
}
