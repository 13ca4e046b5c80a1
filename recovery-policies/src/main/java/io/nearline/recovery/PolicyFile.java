package io.nearline.recovery;

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

  public static PolicyFile parse(String json) throws InvalidPolicyException {
    PolicyFile file = RecoveryJson.read(json, PolicyFile.class);
    if (file.version() != VERSION) {
      throw new InvalidPolicyException("policy file version " + file.version()
          + " is not supported; this server reads version " + VERSION);
    }
    for (RecoveryPair pair : file.pairs()) {
      pair.validate();
    }
    for (RecoveryPolicy policy : file.policies()) {
      policy.validate();
    }
    return file;
  }
}
