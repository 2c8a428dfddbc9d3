package io.gatehouse.deploy.apply;

import io.gatehouse.deploy.federation.CredentialSpec;
import io.gatehouse.deploy.notify.WebhookSpec;
import io.gatehouse.deploy.oidc.TokenSettings;
import io.gatehouse.deploy.project.EnvironmentRules;
import java.util.List;
import java.util.Optional;

/**
 * A {@code gatehouse.yaml} as read, every value checked for its own sake; references between
 * entries and to the database are checked when it is applied.
 *
 * @param users the users declared
 * @param teams the teams declared, each authoritative for its members
 * @param projects the projects declared, each authoritative for its environments, roles and
 *     webhooks
 * @param imagePolicy the {@code images} section as a document of its own ({@code version} and
 *     {@code images}), if present
 * @param federatedCredentials the {@code federatedCredentials} section: per project named, exactly
 *     its credentials
 */
public record ApplyDocument(
    List<UserSpec> users,
    List<TeamSpec> teams,
    List<ProjectSpec> projects,
    Optional<String> imagePolicy,
    List<FederationSpec> federatedCredentials) {
  /** Copies the lists. */
  public ApplyDocument {
    users = List.copyOf(users);
    teams = List.copyOf(teams);
    projects = List.copyOf(projects);
    federatedCredentials = List.copyOf(federatedCredentials);
  }

  /**
   * The federated credentials of one project, authoritative: those of the project not listed are
   * deleted.
   *
   * @param path where they are declared ({@code federatedCredentials.<project>})
   * @param project the project's name
   * @param credentials the credentials, each valid in itself
   */
  public record FederationSpec(String path, String project, List<CredentialSpec> credentials) {
    /** Copies the list. */
    public FederationSpec {
      credentials = List.copyOf(credentials);
    }
  }

  /**
   * A user.
   *
   * @param path where it is declared
   * @param name the name
   * @param admin whether an admin
   */
  public record UserSpec(String path, String name, boolean admin) {}

  /**
   * A team.
   *
   * @param path where it is declared
   * @param name the name
   * @param members the members' names
   */
  public record TeamSpec(String path, String name, List<String> members) {
    /** Copies the list. */
    public TeamSpec {
      members = List.copyOf(members);
    }
  }

  /**
   * Users and teams holding a role on a project.
   *
   * @param users user names
   * @param teams team names
   */
  public record RoleSpec(List<String> users, List<String> teams) {
    /** Copies the lists. */
    public RoleSpec {
      users = List.copyOf(users);
      teams = List.copyOf(teams);
    }

    /** Nobody. */
    public static RoleSpec none() {
      return new RoleSpec(List.of(), List.of());
    }
  }

  /**
   * A project.
   *
   * @param path where it is declared
   * @param name the name
   * @param repository the repository URL, or empty
   * @param protectedBranches protected branch patterns
   * @param maintainers who maintains it
   * @param deployers who may deploy it
   * @param webhooks its outgoing webhooks
   * @param environments its environments
   * @param deploymentToken the settings of its deployment tokens; empty for the defaults
   */
  public record ProjectSpec(
      String path,
      String name,
      String repository,
      List<String> protectedBranches,
      RoleSpec maintainers,
      RoleSpec deployers,
      List<WebhookSpec> webhooks,
      List<EnvironmentSpec> environments,
      Optional<TokenSettings> deploymentToken) {
    /** Copies the lists. */
    public ProjectSpec {
      protectedBranches = List.copyOf(protectedBranches);
      webhooks = List.copyOf(webhooks);
      environments = List.copyOf(environments);
    }
  }

  /**
   * An environment.
   *
   * @param path where it is declared
   * @param name the name
   * @param rules its rules, already valid in themselves
   */
  public record EnvironmentSpec(String path, String name, EnvironmentRules rules) {}
}
