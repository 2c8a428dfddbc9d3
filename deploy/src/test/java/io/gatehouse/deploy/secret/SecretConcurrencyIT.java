package io.gatehouse.deploy.secret;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.testing.DatabaseKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Concurrent writers cannot pass the per-environment limit or the uniqueness of names. */
class SecretConcurrencyIT {
  private static final String DEV = "/api/v1/projects/shop/environments/dev";

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void put_concurrentlyPastTheLimit_exactly100Kept(DatabaseKind kind) throws Exception {
    try (SecretWorld world =
        SecretWorld.create(kind.create(), SecretWorld.keys(SecretWorld.newKey()))) {
      for (int i = 0; i < 95; i++) {
        assertThat(
                world
                    .api
                    .put(world.maint, DEV + "/secrets/S" + i, ApiCalls.json("value", "v"))
                    .status())
            .isEqualTo(201);
      }

      List<Integer> statuses =
          concurrently(
              12,
              i ->
                  world.api.put(
                      world.maint, DEV + "/secrets/NEW" + i, ApiCalls.json("value", "v")));

      assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
      assertThat(world.api.get(world.maint, DEV + "/secrets").body().path("secrets").size())
          .isEqualTo(100);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void put_sameNameInOtherCasesAndKinds_oneWins(DatabaseKind kind) throws Exception {
    try (SecretWorld world =
        SecretWorld.create(kind.create(), SecretWorld.keys(SecretWorld.newKey()))) {
      List<String> paths =
          List.of(
              "/secrets/TOKEN_X",
              "/secrets/token_x",
              "/variables/Token_X",
              "/variables/TOKEN_x",
              "/secrets/tOKEN_X",
              "/variables/token_X");

      List<Integer> statuses =
          concurrently(
              paths.size(),
              i -> world.api.put(world.maint, DEV + paths.get(i), ApiCalls.json("value", "v" + i)));

      assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(paths.size() - 1);
      int secrets = world.api.get(world.maint, DEV + "/secrets").body().path("secrets").size();
      int variables =
          world.api.get(world.maint, DEV + "/variables").body().path("variables").size();
      assertThat(secrets + variables).isEqualTo(1);
    }
  }

  private static List<Integer> concurrently(int count, IntFunction<ApiCalls.Answer> call)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.apply(n).status();
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get());
      }
      return statuses;
    }
  }
}
