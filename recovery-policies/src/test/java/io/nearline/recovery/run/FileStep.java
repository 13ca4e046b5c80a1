package io.nearline.recovery.run;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A step whose effect is a file, so executor tests can see exactly what was changed and undone.
 * It fails while a "broken" marker exists, and counts its executions.
 */
class FileStep implements RecoveryStep {
  private final StepKind kind;
  private final Path dir;
  int executions;

  FileStep(StepKind kind, Path dir) {
    this.kind = kind;
    this.dir = dir;
  }

  Path file(String pair) {
    return dir.resolve(pair + "." + kind.id());
  }

  Path broken() {
    return dir.resolve(kind.id() + ".broken");
  }

  @Override
  public StepKind kind() {
    return kind;
  }

  @Override
  public List<Change> plan(StepContext context) {
    Path f = file(context.pair().name());
    return Files.exists(f) ? List.of() : List.of(new Change("file", f.toString(), null, "done"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    executions++;
    if (Files.exists(broken())) {
      throw new IllegalStateException(kind.id() + " is broken");
    }
    for (Change c : plan(context)) {
      context.record(c);
      Files.writeString(Path.of(c.target()), c.after());
    }
    return StepOutcome.of("wrote " + file(context.pair().name()).getFileName());
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    for (Change c : changes) {
      Files.deleteIfExists(Path.of(c.target()));
    }
  }
}
