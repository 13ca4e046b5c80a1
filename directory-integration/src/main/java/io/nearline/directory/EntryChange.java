package io.nearline.directory;

import java.util.List;

/** The changes to one entry, applied in a single modify; what a journal records and reverses. */
public record EntryChange(String dn, List<AttributeChange> changes) {
  public EntryChange {
    changes = List.copyOf(changes);
  }

  public EntryChange reversed() {
    return new EntryChange(dn, changes.stream().map(AttributeChange::reversed).toList());
  }

  /** A short form for plans and logs: {@code dn: attr [old] -> [new]; …}. */
  public String describe() {
    StringBuilder b = new StringBuilder(dn).append(':');
    for (AttributeChange c : changes) {
      b.append(' ').append(c.attribute()).append(' ').append(c.before()).append(" -> ")
          .append(c.after()).append(';');
    }
    return b.toString();
  }
}
