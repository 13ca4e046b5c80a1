package io.nearline.recovery.spi;

import java.util.List;

/**
 * Steps a module adds for every application, such as the drills' probes. Registered in {@code
 * META-INF/services/io.nearline.recovery.spi.StepProvider}; the server offers them to the
 * executor beside each connector's own.
 */
public interface StepProvider {
  List<RecoveryStep> steps(RecoveryEnvironment environment);
}
