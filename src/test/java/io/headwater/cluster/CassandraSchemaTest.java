package io.headwater.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped CQL becomes exactly the statements the journal plugin's tables need, in our keyspaces. */
class CassandraSchemaTest {
  @Test
  void placeholdersAreFilledAndEveryTableIsCreated() {
    CassandraSettings settings = CassandraSettings.fromConfig(
        ConfigFactory.parseString("headwater.cassandra.keyspace-prefix = acme").withFallback(ConfigFactory.defaultReference()).resolve());
    List<String> statements = CassandraSchema.statements(settings);
    assertEquals(9, statements.size());
    statements.forEach(s -> assertFalse(s.contains("${"), s));
    statements.forEach(s -> assertFalse(s.contains("--"), "comments are stripped: " + s));
    assertTrue(statements.get(0).startsWith("CREATE KEYSPACE IF NOT EXISTS acme_journal"));
    assertTrue(statements.get(0).contains("'replication_factor' : 1"));
    for (String table : List.of("acme_journal.messages", "acme_journal.tag_views", "acme_journal.tag_write_progress",
        "acme_journal.tag_scanning", "acme_journal.metadata", "acme_journal.all_persistence_ids", "acme_snapshot.snapshots")) {
      assertTrue(statements.stream().anyMatch(s -> s.startsWith("CREATE TABLE IF NOT EXISTS " + table)), table);
    }
  }
}
