package dev.ww.datastore.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ww.datastore.Attributes;
import java.util.List;
import java.util.Map;

/** The stored form of attributes: a JSON object of upper-case keys to arrays of strings. */
public final class AttributesJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, List<String>>> TYPE = new TypeReference<>() {};

  private AttributesJson() {}

  public static String write(Attributes attributes) {
    try {
      return MAPPER.writeValueAsString(attributes.asMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("attributes are always serialisable", e);
    }
  }

  public static Attributes read(String json) {
    try {
      return Attributes.of(MAPPER.readValue(json, TYPE));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored object data is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
