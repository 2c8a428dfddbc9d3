import io.gatehouse.testing.PostgresServer;
import io.gatehouse.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a PostgreSQL server from the embedded binaries the tests use, creates one database,
 * writes "URL USER PASSWORD" to the file named by the first argument, and runs until its standard
 * input closes; then, or when it is terminated, it stops PostgreSQL and deletes its data. Run with
 * the testing module on the class path.
 */
public final class StartPostgres {
  public static void main(String[] args) throws Exception {
    PostgresServer server = PostgresServer.start();
    Thread stop = new Thread(server::close);
    Runtime.getRuntime().addShutdownHook(stop);
    TestDatabase database = server.createDatabase();
    String line = database.jdbcUrl() + " " + database.user() + " " + database.password() + "\n";
    Path out = Path.of(args[0]);
    Files.writeString(out.resolveSibling(out.getFileName() + ".tmp"), line, StandardCharsets.UTF_8);
    Files.move(out.resolveSibling(out.getFileName() + ".tmp"), out);
    while (System.in.read() >= 0) {
      // runs until the script that started it goes away
    }
    // the shutdown hook stops the server as the JVM exits
  }
}
