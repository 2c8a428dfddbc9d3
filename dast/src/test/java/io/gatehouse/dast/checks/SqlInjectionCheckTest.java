package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQL injection check on real PostgreSQL, SQLite and HSQLDB targets, and on inputs that are
 * injectable, but not into SQL.
 */
class SqlInjectionCheckTest {
  private static TargetApp target;

  @BeforeAll
  static void start() throws Exception {
    target = TargetApp.start();
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  @Test
  void test_xpathAndLdapInputs_notReported() throws Exception {
    SqlInjectionCheck check = new SqlInjectionCheck();
    assertThat(check.test(target.form("/vuln/xpath/login", "name", "alice"), target.client))
        .isEmpty();
    assertThat(check.test(target.form("/vuln/ldap/login", "user", "alice"), target.client))
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"postgresql,PostgreSQL", "sqlite,SQLite", "hsqldb,HSQLDB"})
  void test_realDatabaseShowingItsError_reportedErrorBasedNamingIt(String slug, String database)
      throws Exception {
    SqlInjectionCheck check = new SqlInjectionCheck();
    assertThat(
            check.test(
                target.query("/vuln/sqli-" + slug + "/item", "name", "Widget"), target.client))
        .hasValueSatisfying(
            f ->
                assertThat(f.evidence().detail())
                    .startsWith("error-based")
                    .contains("gives a " + database + " error"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "sqlite", "hsqldb"})
  void test_realDatabaseHidingErrors_reportedBooleanBased(String slug) throws Exception {
    SqlInjectionCheck check = new SqlInjectionCheck();
    assertThat(check.test(target.query("/vuln/sqli-" + slug + "/stock", "id", "2"), target.client))
        .hasValueSatisfying(f -> assertThat(f.evidence().detail()).startsWith("boolean-based"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "sqlite", "hsqldb"})
  void test_realDatabasePreparedStatements_notReported(String slug) throws Exception {
    SqlInjectionCheck check = new SqlInjectionCheck();
    assertThat(
            check.test(
                target.query("/safe/sqli-" + slug + "/item", "name", "Widget"), target.client))
        .isEmpty();
    assertThat(check.test(target.query("/safe/sqli-" + slug + "/stock", "id", "2"), target.client))
        .isEmpty();
  }
}
