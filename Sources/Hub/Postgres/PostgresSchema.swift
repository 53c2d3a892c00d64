/// The hub's tables in PostgreSQL, as numbered migrations: `railfleet hub migrate` applies
/// those a database lacks, each in its own transaction, and records it in `railfleet_schema`.
/// A hub refuses to serve from a database whose schema is older (migrate first) or newer (a
/// newer RailFleet wrote it) than its own.
enum PostgresSchema {
    /// Hash partitions of the events table.
    static let partitions = 8

    static let migrations: [(version: Int, summary: String, statements: [String])] = [
        (
            1, "the shared log: events, chain heads, signed heads, the fleet",
            [
                """
                CREATE TABLE fleet (
                  id text NOT NULL,
                  one boolean PRIMARY KEY DEFAULT true CHECK (one)
                )
                """,
                "CREATE SEQUENCE event_seq",
                // Partitioned by a hash of the device: the identity (device, counter) stays one
                // key PostgreSQL enforces across every partition (a key must hold the partition
                // key), and a pull or a catch-up reads one device's run of counters from one
                // partition. By month of receipt, two hubs could store one event twice.
                """
                CREATE TABLE events (
                  device text NOT NULL,
                  counter bigint NOT NULL CHECK (counter > 0),
                  -- The order of receipt across hubs, for an operator's queries.
                  seq bigint NOT NULL DEFAULT nextval('event_seq'),
                  hlc_ms bigint NOT NULL,
                  hlc_logical bigint NOT NULL,
                  aggregate_kind text NOT NULL,
                  aggregate_id text NOT NULL,
                  event_type text NOT NULL,
                  schema_version integer NOT NULL,
                  user_name text NOT NULL,
                  role text NOT NULL,
                  correlation_id text NOT NULL,
                  causation_id text,
                  payload text NOT NULL,
                  hash bytea NOT NULL CHECK (length(hash) = 32),
                  seen text,
                  received_ms bigint NOT NULL,
                  PRIMARY KEY (device, counter)
                ) PARTITION BY HASH (device)
                """,
            ]
                + (0..<partitions).map {
                    "CREATE TABLE events_\($0) PARTITION OF events FOR VALUES WITH (MODULUS \(partitions), REMAINDER \($0))"
                }
                + [
                    // Each device's newest event: the row a push locks to extend the chain from.
                    """
                    CREATE TABLE chain_heads (
                      device text PRIMARY KEY,
                      counter bigint NOT NULL,
                      hash bytea NOT NULL
                    )
                    """,
                    // Signed requests seen by any hub, until they expire: a replay sent to
                    // another hub is refused too.
                    """
                    CREATE TABLE request_signatures (
                      signature bytea PRIMARY KEY,
                      expires_ms bigint NOT NULL
                    )
                    """,
                    "CREATE INDEX request_signatures_expiry ON request_signatures (expires_ms)",
                    // The device's signatures over its heads, as pushes carried them.
                    """
                    CREATE TABLE signed_heads (
                      device text NOT NULL,
                      counter bigint NOT NULL,
                      hash bytea NOT NULL,
                      signature bytea NOT NULL,
                      PRIMARY KEY (device, counter)
                    )
                    """,
                ]
        )
    ]

    static var latest: Int { migrations.last?.version ?? 0 }
}
