package dev.ww.chroot.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ww.chroot.ChrootTemplate;
import dev.ww.core.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads a template's YAML text into a {@link ChrootTemplate}, with file:line errors. */
public final class TemplateParser {

  private static final ObjectMapper MAPPER =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

  private TemplateParser() {}

  /** The YAML keys of a template file. */
  record Document(
      String description,
      String family,
      String packageManager,
      String release,
      String arch,
      List<String> mirrors,
      List<String> components,
      List<String> packages,
      Boolean verifySignatures,
      List<String> signingKeys,
      PostBuildDocument postBuild,
      String help) {}

  record PostBuildDocument(
      Boolean fstab,
      Boolean networking,
      Boolean lockRoot,
      Boolean sshHostKeys,
      String timezone,
      Boolean emptyMachineId,
      Boolean cleanCaches) {}

  public static ChrootTemplate parse(Path file, String name) throws IOException {
    return parse(file, name, Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  public static ChrootTemplate parse(String name, String text, String source) {
    return parse(Path.of(source), name, text, source);
  }

  private static ChrootTemplate parse(Path file, String name, String text, String source) {
    Document doc;
    try {
      doc = MAPPER.readValue(text, Document.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          file,
          lineOfKey(text, e.getPropertyName(), lineOf(e.getLocation())),
          "unknown key '" + e.getPropertyName() + "'; known keys: " + e.getKnownPropertyIds(),
          e);
    } catch (JacksonException e) {
      throw new ConfigException(file, lineOf(e.getLocation()), e.getOriginalMessage(), e);
    }
    if (doc == null) {
      throw new ConfigException(file, 0, "the template is empty");
    }
    try {
      return toTemplate(name, doc, source);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConfigException(file, 0, e.getMessage(), e);
    }
  }

  private static ChrootTemplate toTemplate(String name, Document doc, String source) {
    if (doc.packages() == null || doc.packages().isEmpty()) {
      throw new IllegalArgumentException("'packages' is required: list what the image installs");
    }
    ChrootTemplate.PostBuild defaults = ChrootTemplate.PostBuild.defaults();
    PostBuildDocument post = doc.postBuild();
    ChrootTemplate.PostBuild postBuild =
        post == null
            ? defaults
            : new ChrootTemplate.PostBuild(
                or(post.fstab(), defaults.fstab()),
                or(post.networking(), defaults.networking()),
                or(post.lockRoot(), defaults.lockRoot()),
                or(post.sshHostKeys(), defaults.sshHostKeys()),
                post.timezone() == null
                    ? defaults.timezone()
                    : Optional.of(post.timezone()).filter(zone -> !zone.isBlank()),
                or(post.emptyMachineId(), defaults.emptyMachineId()),
                or(post.cleanCaches(), defaults.cleanCaches()));
    return new ChrootTemplate(
        name,
        doc.description(),
        doc.family(),
        Optional.ofNullable(doc.packageManager()).filter(pm -> !pm.isBlank()),
        doc.release(),
        Optional.ofNullable(doc.arch()).filter(arch -> !arch.isBlank()),
        orEmpty(doc.mirrors()),
        orEmpty(doc.components()),
        doc.packages(),
        or(doc.verifySignatures(), true),
        orEmpty(doc.signingKeys()),
        postBuild,
        doc.help(),
        source);
  }

  private static boolean or(Boolean value, boolean fallback) {
    return value == null ? fallback : value;
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }

  /** The line where {@code key} is written (the parser reports where it stopped instead). */
  private static int lineOfKey(String text, String key, int fallback) {
    String[] lines = text.split("\n", -1);
    java.util.regex.Pattern pattern =
        java.util.regex.Pattern.compile("^\\s*(-\\s+)?['\"]?" + java.util.regex.Pattern.quote(key) + "['\"]?\\s*:.*");
    for (int i = 0; i < lines.length; i++) {
      if (pattern.matcher(lines[i]).matches()) {
        return i + 1;
      }
    }
    return fallback;
  }

  private static int lineOf(JsonLocation location) {
    return location == null ? 0 : Math.max(location.getLineNr(), 0);
  }

}
