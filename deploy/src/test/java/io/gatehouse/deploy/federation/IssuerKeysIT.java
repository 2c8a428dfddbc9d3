package io.gatehouse.deploy.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.testing.oidc.OidcProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The issuer key cache against a separately running OIDC provider, with a controlled ticker. */
class IssuerKeysIT {
  private static OidcProvider provider;
  private final AtomicLong now = new AtomicLong();
  private final IssuerKeys keys =
      new IssuerKeys(
          FederationSettings.defaults()
              .withAllowHttpIssuers(true)
              .withFetching(Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(30)),
          now::get);

  @BeforeAll
  static void start() {
    provider = OidcProvider.start();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @AfterEach
  void normal() {
    provider.jwks(OidcProvider.JwksMode.NORMAL);
  }

  private void at(Duration elapsed) {
    now.set(elapsed.toNanos());
  }

  private String issuer() {
    return provider.issuer().toString();
  }

  @Test
  void key_unknownKid_refetchesAtMostOncePerInterval() throws Exception {
    at(Duration.ZERO);
    assertThat(keys.key(issuer(), "rsa-1")).isPresent();
    int fetches = provider.jwksFetches();

    at(Duration.ofSeconds(1));
    assertThat(keys.key(issuer(), "invented")).isEmpty();
    assertThat(provider.jwksFetches()).isEqualTo(fetches);
    at(Duration.ofSeconds(31));
    assertThat(keys.key(issuer(), "invented")).isEmpty();
    assertThat(provider.jwksFetches()).isEqualTo(fetches + 1);
    at(Duration.ofSeconds(32));
    assertThat(keys.key(issuer(), "invented-too")).isEmpty();
    assertThat(provider.jwksFetches()).isEqualTo(fetches + 1);
  }

  @Test
  void key_afterTtl_fetchesAgain() throws Exception {
    at(Duration.ZERO);
    assertThat(keys.key(issuer(), "ec-1")).isPresent();
    int fetches = provider.jwksFetches();

    at(Duration.ofMinutes(5));
    assertThat(keys.key(issuer(), "ec-1")).isPresent();
    assertThat(provider.jwksFetches()).isEqualTo(fetches);
    at(Duration.ofMinutes(11));
    assertThat(keys.key(issuer(), "ec-1")).isPresent();
    assertThat(provider.jwksFetches()).isEqualTo(fetches + 1);
  }

  @Test
  void key_failedFetch_notRetriedWithinTheInterval() throws Exception {
    provider.jwks(OidcProvider.JwksMode.GARBAGE);
    at(Duration.ZERO);
    assertThatThrownBy(() -> keys.key(issuer(), "rsa-1"))
        .isInstanceOf(IssuerKeys.FetchException.class)
        .hasMessageContaining("not a valid JSON Web Key Set");
    int fetches = provider.jwksFetches();
    provider.jwks(OidcProvider.JwksMode.NORMAL);

    at(Duration.ofSeconds(10));
    assertThatThrownBy(() -> keys.key(issuer(), "rsa-1"))
        .hasMessageContaining("not a valid JSON Web Key Set");
    assertThat(provider.jwksFetches()).isEqualTo(fetches);
    at(Duration.ofSeconds(31));
    assertThat(keys.key(issuer(), "rsa-1")).isPresent();
  }

  @Test
  void key_failedRefreshAfterSuccess_keepsTheKnownKeys() throws Exception {
    at(Duration.ZERO);
    assertThat(keys.key(issuer(), "rsa-1")).isPresent();
    provider.jwks(OidcProvider.JwksMode.GARBAGE);

    at(Duration.ofMinutes(11));

    assertThat(keys.key(issuer(), "rsa-1")).isPresent();
  }

  @Test
  void key_httpIssuerWithoutTheSwitch_refusedWithoutFetching() {
    IssuerKeys strict = new IssuerKeys(FederationSettings.defaults(), now::get);
    int fetches = provider.jwksFetches();

    assertThatThrownBy(() -> strict.key(issuer(), "rsa-1"))
        .isInstanceOf(IssuerKeys.FetchException.class)
        .hasMessageContaining("must be an https URL (this server does not allow plain-HTTP");
    assertThat(provider.jwksFetches()).isEqualTo(fetches);
  }

  @Test
  void key_discoveryNamingAnotherIssuer_refused() {
    assertThatThrownBy(() -> keys.key(issuer() + "/", "rsa-1"))
        .isInstanceOf(IssuerKeys.FetchException.class)
        .hasMessageContaining("names another issuer");
  }
}
