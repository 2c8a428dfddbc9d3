package io.gatehouse.dast.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Error messages of SQL databases, by which a response shows that a query failed. */
final class DatabaseErrors {
  /** A database's error, found in a page. */
  record Match(String database, String text) {}

  private record Signature(String database, Pattern pattern) {}

  private static final List<Signature> SIGNATURES =
      List.of(
          sig(
              "PostgreSQL",
              "PSQLException|ERROR:\\s+syntax error at or near|unterminated quoted string at or near|pg_query\\(\\)|PG::SyntaxError|"
                  // the JDBC driver's own parser, before the query reaches the server
                  + "Unterminated (?:string literal|identifier|dollar quote) started at position \\d+"),
          sig(
              "MySQL",
              "You have an error in your SQL syntax|com\\.mysql\\.jdbc|MySqlException|mysqli?_fetch|SQLSTATE\\[42000\\].{0,80}MySQL|check the manual that corresponds to your (MySQL|MariaDB) server version"),
          sig(
              "H2",
              "org\\.h2\\.jdbc\\.JdbcSQL\\w*Exception|Syntax error in SQL statement \"|\\[4200[0-9]-\\d{3}\\]"),
          // HSQLDB's messages, alone or after the exception's name; never the bare product name,
          // which pages about the database show too
          sig(
              "HSQLDB",
              "org\\.hsqldb\\.\\w|"
                  + "(?:SQL\\w*Exception|HsqlException): (?:unexpected token: |unexpected end of"
                  + " statement|malformed (?:string|quoted identifier|numeric constant)|"
                  + "user lacks privilege or object not found: )|"
                  + "\\bmalformed string: (?:'|&#39;|&#x27;)|"
                  + "\\buser lacks privilege or object not found: \\w|"
                  + "\\bunexpected token: \\S{1,40} required: "),
          sig(
              "SQLite",
              "SQLITE_ERROR|sqlite3\\.OperationalError|SQLiteException|unrecognized token: \""),
          sig("Oracle", "ORA-\\d{5}|quoted string not properly terminated|oracle\\.jdbc"),
          sig(
              "SQL Server",
              "Unclosed quotation mark after the character string|Microsoft OLE DB Provider for SQL Server|SQLServerException|\\[SQL Server\\]|"
                  // the quoted token and the full stop, as SQL Server and Sybase write it, not
                  // the words alone, which ordinary prose uses
                  + "Incorrect syntax near (?:the keyword )?(?:'|&#39;|&#x27;)[^'&\\r\\n]{0,60}"
                  + "(?:'|&#39;|&#x27;)\\.|Msg \\d{3,5}, Level \\d{1,2}, State \\d{1,3}"),
          sig("JDBC", "java\\.sql\\.SQL\\w*Exception"));

  private DatabaseErrors() {}

  private static Signature sig(String database, String regex) {
    return new Signature(database, Pattern.compile(regex));
  }

  /** The first database error in {@code text}, if any. */
  static Optional<Match> find(String text) {
    for (Signature signature : SIGNATURES) {
      Matcher matcher = signature.pattern().matcher(text);
      if (matcher.find()) {
        return Optional.of(new Match(signature.database(), matcher.group()));
      }
    }
    return Optional.empty();
  }
}
