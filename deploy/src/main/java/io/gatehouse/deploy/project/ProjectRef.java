package io.gatehouse.deploy.project;

import java.util.List;

/**
 * A project as stored.
 *
 * @param id the database id
 * @param name the name, as first written
 * @param repository the Git repository URL, or empty
 * @param protectedBranches the protected branch patterns
 */
public record ProjectRef(long id, String name, String repository, List<String> protectedBranches) {
  /** Copies the list. */
  public ProjectRef {
    protectedBranches = List.copyOf(protectedBranches);
  }
}
