package io.nearline.samples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Busy CPU time of the whole machine, all cores, from /proc/stat, in seconds. */
final class CpuTime {
  private CpuTime() {}

  static double busySeconds() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy / 100.0; // USER_HZ
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
