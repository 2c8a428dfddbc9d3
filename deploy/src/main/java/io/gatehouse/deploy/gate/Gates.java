package io.gatehouse.deploy.gate;

import io.gatehouse.deploy.project.GateSpec;
import java.util.Objects;

/** The gate types and their validation. */
public final class Gates {
  private Gates() {}

  /**
   * Checks a gate's declaration: its type is known and its parameters are valid for that type.
   *
   * @param spec the gate as declared
   * @param path where it is declared, e.g. {@code gates[0]}, for the error
   * @throws io.gatehouse.deploy.project.InvalidRulesException naming the path and the reason
   */
  public static void validate(GateSpec spec, String path) {
    Objects.requireNonNull(spec);
    Objects.requireNonNull(path);
  }
}
