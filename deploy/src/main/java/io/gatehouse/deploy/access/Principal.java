package io.gatehouse.deploy.access;

import java.util.OptionalLong;

/**
 * The authenticated user behind an API call.
 *
 * @param userId the user's database id
 * @param name the user's name
 * @param admin whether the user is an administrator of the whole installation
 * @param tokenId the API token the call was made with; a deployment requested with a token is bound
 *     to it, and only that token (the deployment's job) receives the deployment's credentials
 */
public record Principal(long userId, String name, boolean admin, OptionalLong tokenId) {
  /** A principal not acting through an API token (the server itself, a test). */
  public Principal(long userId, String name, boolean admin) {
    this(userId, name, admin, OptionalLong.empty());
  }
}
