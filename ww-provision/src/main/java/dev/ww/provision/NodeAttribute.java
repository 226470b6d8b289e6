package dev.ww.provision;

import java.util.List;
import java.util.Objects;

/**
 * One attribute of a node (scalar = one value, list = several). A {@code secret} attribute
 * (BMC password and the like) is left out of the node config unless {@code forNode} marks it
 * as meant for the node itself.
 */
public record NodeAttribute(String name, List<String> values, boolean secret, boolean forNode) {
  public NodeAttribute {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty attribute name");
    }
    values = List.copyOf(values);
  }

  public static NodeAttribute of(String name, String... values) {
    return new NodeAttribute(name, List.of(values), false, false);
  }

  public static NodeAttribute secret(String name, String value, boolean forNode) {
    return new NodeAttribute(name, List.of(value), true, forNode);
  }

  /** Whether this attribute may appear in the node config served to the node. */
  public boolean servedToNode() {
    return !secret || forNode;
  }
}
