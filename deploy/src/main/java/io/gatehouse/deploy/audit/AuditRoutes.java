package io.gatehouse.deploy.audit;

import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit API, for admins only: {@code GET /api/v1/audit/export} streams the entries as NDJSON
 * (one entry per line, in chain then seq order; {@code ?project=} keeps one project's entries,
 * {@code ?since=} those appended at or after an ISO-8601 instant), and {@code GET
 * /api/v1/audit/heads} lists each chain's newest seq and hash.
 */
public final class AuditRoutes implements RouteGroup {
  private static final int MAX_PARAMETER = 255;

  private final AuditStore store;
  private final Function<Context, Principal> authenticator;

  /**
   * Routes over this database, with {@code authenticator} naming the caller of each request (it
   * throws an {@link ApiException} 401 for a request without valid credentials).
   */
  public AuditRoutes(Jdbi jdbi, Function<Context, Principal> authenticator) {
    this.store = new AuditStore(Objects.requireNonNull(jdbi));
    this.authenticator = Objects.requireNonNull(authenticator);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/v1/audit/export", this::export);
    routes.get("/api/v1/audit/heads", this::heads);
  }

  private void heads(Context ctx) {
    requireAdmin(ctx);
    ctx.json(Map.of("chains", store.heads()));
  }

  private void export(Context ctx) throws IOException {
    requireAdmin(ctx);
    Optional<String> project = parameter(ctx, "project");
    Optional<Instant> since = parameter(ctx, "since").map(AuditRoutes::instant);
    ctx.contentType("application/x-ndjson; charset=utf-8");
    try (Writer out =
        new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8))) {
      store.export(project, since, entry -> writeLine(out, entry));
    }
  }

  private static void writeLine(Writer out, AuditEntry entry) {
    try {
      out.write(AuditJson.line(entry));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("the client stopped reading the export", e);
    }
  }

  private void requireAdmin(Context ctx) {
    if (!authenticator.apply(ctx).admin()) {
      throw new ApiException(403, "forbidden", "only an admin may read the audit log");
    }
  }

  private static Optional<String> parameter(Context ctx, String name) {
    List<String> values = ctx.queryParams(name);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    String value = values.getFirst();
    if (values.size() > 1 || value.isEmpty() || value.length() > MAX_PARAMETER) {
      throw new ApiException(
          400, "invalid_request", "query parameter " + name + " must be given once, non-empty");
    }
    return Optional.of(value);
  }

  private static Instant instant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ApiException(
          400, "invalid_request", "since must be an ISO-8601 instant such as 2026-11-22T10:00:00Z");
    }
  }
}
