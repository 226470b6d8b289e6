package dev.ww.bootstrap.internal;

import java.util.ArrayList;
import java.util.List;

/** Parses the {@code pre: a b post: c} form of soft dependencies (modinfo and modules.softdep). */
public record SoftDeps(List<String> pre, List<String> post) {

  public SoftDeps {
    pre = List.copyOf(pre);
    post = List.copyOf(post);
  }

  public static SoftDeps parse(String text) {
    List<String> pre = new ArrayList<>();
    List<String> post = new ArrayList<>();
    List<String> current = null;
    for (String token : text.trim().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      if (token.equals("pre:")) {
        current = pre;
      } else if (token.equals("post:")) {
        current = post;
      } else if (current != null) {
        current.add(ModuleNames.canonical(token));
      }
    }
    return new SoftDeps(pre, post);
  }

  public SoftDeps plus(SoftDeps other) {
    List<String> allPre = new ArrayList<>(pre);
    other.pre.stream().filter(n -> !allPre.contains(n)).forEach(allPre::add);
    List<String> allPost = new ArrayList<>(post);
    other.post.stream().filter(n -> !allPost.contains(n)).forEach(allPost::add);
    return new SoftDeps(allPre, allPost);
  }
}
