package io.nearline.recovery;

import io.nearline.common.config.InvalidConfigException;
import java.util.Map;

/** A pair or policy that cannot be saved or run as written; the message says which field. */
public final class InvalidPolicyException extends InvalidConfigException {
  public InvalidPolicyException(String message) {
    super(Map.of("policy", message));
  }

  @Override
  public String getMessage() {
    return fields().get("policy");
  }
}
