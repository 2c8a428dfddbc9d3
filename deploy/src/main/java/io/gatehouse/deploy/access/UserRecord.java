package io.gatehouse.deploy.access;

/**
 * A user as stored.
 *
 * @param id the database id
 * @param name the unique name
 * @param admin whether the user administers the whole installation
 */
public record UserRecord(long id, String name, boolean admin) {
  /** This user as the principal of a request. */
  public Principal principal() {
    return new Principal(id, name, admin);
  }
}
