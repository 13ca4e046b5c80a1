package io.nearline.server.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxTest {
  @TempDir Path dir;

  @Test
  void shouldResumeAtTheLastFlushedByteAndCutOffWhatCameAfter() throws Exception {
    Inbox inbox = new Inbox(dir);
    try (Inbox.Partial p = inbox.open("db1", "seg", "aaa")) {
      p.append(new byte[3000], 0, 3000);
      p.flush();
      p.append(new byte[500], 0, 500); // written, never flushed: a crash may lose it
    }
    try (Inbox.Partial p = inbox.open("db1", "seg", "aaa")) {
      assertEquals(3000, p.offset());
      assertEquals(3000, Files.size(p.path()), "the unflushed tail is cut off");
    }
  }

  @Test
  void shouldStartOverWhenTheObjectChangedOrItsNoteIsAhead() throws Exception {
    Inbox inbox = new Inbox(dir);
    try (Inbox.Partial p = inbox.open("db1", "seg", "aaa")) {
      p.append(new byte[100], 0, 100);
      p.flush();
    }
    try (Inbox.Partial p = inbox.open("db1", "seg", "bbb")) {
      assertEquals(0, p.offset(), "other bytes on the link: nothing of the old copy is kept");
    }
    try (Inbox.Partial p = inbox.open("db1", "seg", "ccc")) {
      p.append(new byte[100], 0, 100);
      p.flush();
      Files.write(p.path(), new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
    }
    try (Inbox.Partial p = inbox.open("db1", "seg", "ccc")) {
      assertEquals(0, p.offset(), "never beyond what the file holds");
    }
  }

  @Test
  void shouldLeaveNothingBehindOnceDiscarded() throws Exception {
    Inbox inbox = new Inbox(dir);
    Inbox.Partial p = inbox.open("db1", "seg", "aaa");
    p.append(new byte[10], 0, 10);
    p.flush();
    p.discard();
    try (var files = Files.list(dir.resolve("db1"))) {
      assertFalse(files.findAny().isPresent());
    }
  }
}
