package io.gatehouse.deploy.access;

/**
 * The authenticated user behind an API call.
 *
 * @param userId the user's database id
 * @param name the user's name
 * @param admin whether the user is an administrator of the whole installation
 */
public record Principal(long userId, String name, boolean admin) {}
