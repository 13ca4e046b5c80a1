package io.nearline.shadow;

import java.io.IOException;
import java.util.Optional;

/** Reads collected log files by name: the log store as the shadow SPI sees it. */
@FunctionalInterface
public interface LogFileSource {
  /** The verified bytes of a collected file, or empty if it has not been collected. */
  Optional<byte[]> read(String fileName) throws IOException;
}
