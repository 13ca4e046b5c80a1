package io.nearline.recovery;

import io.nearline.common.config.Validation;
import io.nearline.common.json.Json;
import java.util.List;

/**
 * What {@code nearline policy export} writes and {@code import} reads: policies with the pairs
 * they name, so a file restores a whole plan on another near-line host.
 */
public record PolicyFile(int version, List<RecoveryPair> pairs, List<RecoveryPolicy> policies) {
  public static final int VERSION = 1;

  public PolicyFile {
    pairs = pairs == null ? List.of() : List.copyOf(pairs);
    policies = policies == null ? List.of() : List.copyOf(policies);
  }

  /** Reads a policy file; what is wrong is named by field ({@code pairs[1].standby.name}). */
  public static PolicyFile parse(String json) {
    PolicyFile file = Json.read(json, PolicyFile.class);
    if (file.version() != VERSION) {
      throw new InvalidPolicyException("policy file version " + file.version()
          + " is not supported; this server reads version " + VERSION);
    }
    return Validation.valid(file);
  }
}
