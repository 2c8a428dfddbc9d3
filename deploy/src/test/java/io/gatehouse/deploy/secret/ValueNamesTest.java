package io.gatehouse.deploy.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueNamesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "A",
        "_",
        "_1",
        "DB_PASSWORD",
        "db_password",
        "a1B2_c3",
        "GATEHOUSE",
        "XGATEHOUSE_"
      })
  void problem_goodName_none(String name) {
    assertThat(ValueNames.problem(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1A",
        "A-B",
        "A B",
        "A.B",
        "Ä",
        "A\n",
        "A\u0000",
        "GATEHOUSE_X",
        "gatehouse_",
        "GateHouse_Y"
      })
  void problem_badName_phraseWithoutTheName(String name) {
    assertThat(ValueNames.problem(name)).hasValueSatisfying(p -> assertThat(p).startsWith("must"));
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 10_000})
  void problem_length_atMost200(int length) {
    assertThat(ValueNames.problem("A".repeat(length)).isPresent()).isEqualTo(length > 200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"db_Password", "DB_PASSWORD", "Db_PaSsWoRd"})
  void key_anyCase_upperCase(String name) {
    assertThat(ValueNames.key(name)).isEqualTo("DB_PASSWORD");
  }
}
