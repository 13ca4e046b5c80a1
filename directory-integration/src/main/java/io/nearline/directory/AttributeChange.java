package io.nearline.directory;

import java.util.List;

/**
 * One attribute's values before and after a change. {@code before} is what was read and must
 * still be there when the change is applied; {@code after} is what replaces it.
 */
public record AttributeChange(String attribute, List<String> before, List<String> after) {
  public AttributeChange {
    before = List.copyOf(before);
    after = List.copyOf(after);
  }

  public AttributeChange reversed() {
    return new AttributeChange(attribute, after, before);
  }
}
