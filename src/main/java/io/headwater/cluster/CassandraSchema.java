package io.headwater.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates Headwater's keyspaces and tables from the shipped {@code cql/schema.cql}, the same file an
 * operator applies to an external cluster. Idempotent (every statement is IF NOT EXISTS).
 */
public final class CassandraSchema {
  private static final String RESOURCE = "cql/schema.cql";

  private CassandraSchema() {}

  public static void create(CassandraSettings settings, List<InetSocketAddress> contactPoints) {
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoints(contactPoints)
            .withLocalDatacenter(settings.localDatacenter())
            .build()) {
      for (String statement : statements(settings)) {
        session.execute(
            com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(statement)
                .setTimeout(Duration.ofSeconds(30)));
      }
    }
  }

  /** The shipped schema with its placeholders filled in, one CQL statement per element. */
  static List<String> statements(CassandraSettings settings) {
    String cql =
        shippedSchema()
            .replace("${journal_keyspace}", settings.journalKeyspace())
            .replace("${snapshot_keyspace}", settings.snapshotKeyspace())
            .replace("${replication}", settings.replication());
    StringBuilder withoutComments = new StringBuilder();
    for (String line : cql.split("\n")) {
      if (!line.trim().startsWith("--")) withoutComments.append(line).append('\n');
    }
    List<String> statements = new ArrayList<>();
    for (String statement : withoutComments.toString().split(";")) {
      if (!statement.isBlank()) statements.add(statement.trim());
    }
    return statements;
  }

  private static String shippedSchema() {
    try (InputStream in = CassandraSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
