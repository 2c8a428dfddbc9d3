package io.gatehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The databases Gatehouse runs on. Persistence tests take this as a parameter so that each runs on
 * both: {@code @ParameterizedTest @EnumSource(DatabaseKind.class)}.
 */
public enum DatabaseKind {
  /** The embedded default: an H2 file database in a fresh temporary directory. */
  H2 {
    @Override
    public TestDatabase create() {
      try {
        Path dir = Files.createTempDirectory("gatehouse-h2-");
        return new TestDatabase(this, "jdbc:h2:file:" + dir.resolve("gatehouse"), "sa", "");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a directory for H2", e);
      }
    }
  },
  /** Production: a fresh database on the JVM-wide real PostgreSQL server. */
  POSTGRESQL {
    @Override
    public TestDatabase create() {
      return PostgresServer.shared().createDatabase();
    }
  };

  /** Creates a fresh, empty database of this kind. */
  public abstract TestDatabase create();
}
