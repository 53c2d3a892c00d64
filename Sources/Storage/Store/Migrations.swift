import Domain
import Foundation
import GRDB

/// The schema's history. Shipped migrations are never edited; new ones are appended.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-event-log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE identity (
                        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                        device_id TEXT NOT NULL,
                        device_name TEXT NOT NULL,
                        public_key TEXT NOT NULL,
                        created_ms INTEGER NOT NULL
                    );
                    CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                    CREATE TABLE events (
                        seq INTEGER PRIMARY KEY,  -- rowid: the log is never deleted from, so it only grows
                        device TEXT NOT NULL,
                        counter INTEGER NOT NULL,
                        hlc_ms INTEGER NOT NULL,
                        hlc_logical INTEGER NOT NULL,
                        recorded_ms INTEGER NOT NULL,
                        aggregate_kind TEXT NOT NULL,
                        aggregate_id TEXT NOT NULL,
                        event_type TEXT NOT NULL,
                        schema_version INTEGER NOT NULL,
                        user TEXT NOT NULL,
                        role TEXT NOT NULL,
                        correlation_id TEXT NOT NULL,
                        causation_id TEXT,
                        payload TEXT NOT NULL,
                        hash BLOB NOT NULL,
                        UNIQUE (device, counter)
                    );
                    CREATE INDEX events_by_aggregate ON events (aggregate_id, seq);
                    CREATE INDEX events_by_time ON events (hlc_ms, hlc_logical, device);
                    CREATE INDEX events_by_user ON events (user, hlc_ms);
                    CREATE INDEX events_by_type ON events (event_type, hlc_ms);
                    CREATE TABLE chain_heads (
                        device TEXT NOT NULL,
                        counter INTEGER NOT NULL,
                        hash BLOB NOT NULL,
                        signature BLOB NOT NULL,
                        PRIMARY KEY (device, counter)
                    );
                    CREATE TABLE snapshots (
                        aggregate_kind TEXT NOT NULL,
                        aggregate_id TEXT NOT NULL,
                        up_to_seq INTEGER NOT NULL,
                        version INTEGER NOT NULL,
                        max_hlc_ms INTEGER NOT NULL,
                        max_recorded_ms INTEGER NOT NULL,
                        state BLOB NOT NULL,
                        PRIMARY KEY (aggregate_kind, aggregate_id, up_to_seq)
                    );
                    """)
        }
        migrator.registerMigration("v1-read-models") { db in
            try db.execute(
                sql: """
                    CREATE TABLE fleet (
                        vehicle_id TEXT PRIMARY KEY,
                        fleet_number TEXT NOT NULL,
                        evn TEXT NOT NULL,
                        vehicle_class TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        keeper TEXT,
                        depot TEXT,
                        status TEXT NOT NULL,
                        status_reason TEXT,
                        odometer_km INTEGER NOT NULL,
                        avg_daily_km REAL NOT NULL,
                        tags TEXT NOT NULL,
                        next_exam_level TEXT,
                        next_exam_due_km INTEGER,
                        next_exam_due_day INTEGER,
                        next_exam_expected_day INTEGER,
                        next_exam_overdue_km INTEGER,
                        next_exam_overdue_day INTEGER,
                        updated_ms INTEGER NOT NULL
                    );
                    CREATE INDEX fleet_by_number ON fleet (fleet_number);
                    CREATE TABLE due_exams (
                        vehicle_id TEXT NOT NULL,
                        level TEXT NOT NULL,
                        due_km INTEGER NOT NULL,
                        due_day INTEGER NOT NULL,
                        expected_day INTEGER NOT NULL,
                        overdue_km INTEGER NOT NULL,
                        overdue_day INTEGER NOT NULL,
                        PRIMARY KEY (vehicle_id, level)
                    );
                    CREATE TABLE defects (
                        defect_id TEXT PRIMARY KEY,
                        vehicle_id TEXT NOT NULL,
                        description TEXT NOT NULL,
                        severity TEXT NOT NULL,
                        system TEXT,
                        is_open INTEGER NOT NULL,
                        work_orders TEXT NOT NULL,
                        resolution TEXT,
                        reported_ms INTEGER NOT NULL
                    );
                    CREATE INDEX defects_by_vehicle ON defects (vehicle_id, is_open);
                    CREATE TABLE work_orders (
                        work_order_id TEXT PRIMARY KEY,
                        number TEXT NOT NULL,
                        vehicle_id TEXT NOT NULL,
                        title TEXT NOT NULL,
                        type TEXT NOT NULL,
                        priority TEXT NOT NULL,
                        status TEXT NOT NULL,
                        is_open INTEGER NOT NULL,
                        exam_level TEXT,
                        defect TEXT,
                        workshop_id TEXT,
                        technicians TEXT NOT NULL,
                        planned_day INTEGER,
                        booked_minutes INTEGER NOT NULL,
                        cost_minor INTEGER NOT NULL,
                        failure_code TEXT,
                        opened_ms INTEGER NOT NULL,
                        updated_ms INTEGER NOT NULL
                    );
                    CREATE INDEX work_orders_by_number ON work_orders (number);
                    CREATE INDEX work_orders_by_vehicle ON work_orders (vehicle_id, is_open);
                    CREATE INDEX work_orders_by_status ON work_orders (status);
                    CREATE TABLE parts (
                        part_id TEXT PRIMARY KEY,
                        part_number TEXT NOT NULL,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        minimum INTEGER NOT NULL,
                        maximum INTEGER,
                        reorder_point INTEGER NOT NULL,
                        lead_time_days INTEGER NOT NULL,
                        unit_cost_minor INTEGER NOT NULL,
                        currency TEXT NOT NULL,
                        on_hand INTEGER NOT NULL,
                        reserved INTEGER NOT NULL,
                        available INTEGER NOT NULL
                    );
                    CREATE INDEX parts_by_number ON parts (part_number);
                    CREATE TABLE stock_levels (
                        part_id TEXT NOT NULL,
                        location TEXT NOT NULL,
                        on_hand INTEGER NOT NULL,
                        reserved INTEGER NOT NULL,
                        available INTEGER NOT NULL,
                        PRIMARY KEY (part_id, location)
                    );
                    CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL);
                    CREATE TABLE workshops (
                        workshop_id TEXT PRIMARY KEY, name TEXT NOT NULL, depot TEXT NOT NULL,
                        roads INTEGER NOT NULL, skills TEXT NOT NULL
                    );
                    CREATE TABLE devices (device_id TEXT PRIMARY KEY, name TEXT NOT NULL, public_key TEXT NOT NULL);
                    CREATE TABLE conflicts (
                        aggregate_kind TEXT NOT NULL,
                        aggregate_id TEXT NOT NULL,
                        key TEXT NOT NULL,
                        message TEXT NOT NULL,
                        resolutions TEXT NOT NULL,
                        PRIMARY KEY (aggregate_kind, aggregate_id, key)
                    );
                    """)
        }
        // What each peer is known to hold, per device: the count of events not yet synced.
        migrator.registerMigration("v2-sync-peers") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sync_peers (
                        peer TEXT NOT NULL,
                        device TEXT NOT NULL,
                        counter INTEGER NOT NULL,
                        updated_ms INTEGER NOT NULL,
                        PRIMARY KEY (peer, device)
                    );
                    """)
        }
        // Lists in read-model columns were comma-joined text, which split a value holding a
        // comma in two; they become JSON arrays (see StoredList). Each value is rewritten in
        // place: a read model, so the log is untouched and a rebuild gives the same.
        migrator.registerMigration("v3-lists-as-json") { db in
            for (table, key, column) in [
                ("fleet", "vehicle_id", "tags"), ("work_orders", "work_order_id", "technicians"),
                ("defects", "defect_id", "work_orders"), ("workshops", "workshop_id", "skills"),
                ("conflicts", "rowid", "resolutions"),
            ] {
                let rows = try Row.fetchAll(db, sql: "SELECT \(key) AS k, \(column) AS v FROM \(table)")
                for row in rows {
                    let text: String = row["v"]
                    try db.execute(
                        sql: "UPDATE \(table) SET \(column) = ? WHERE \(key) = ?",
                        arguments: [StoredList.text(text.isEmpty ? [] : text.components(separatedBy: ",")), row["k"]])
                }
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT work_order_id, failure_code FROM work_orders WHERE failure_code IS NOT NULL")
            {
                let text: String = row["failure_code"]
                let parts = text.components(separatedBy: "/")
                try db.execute(
                    sql: "UPDATE work_orders SET failure_code = ? WHERE work_order_id = ?",
                    arguments: [parts.count == 4 ? StoredList.text(parts) : nil, row["work_order_id"]])
            }
        }
        // This replica's receipt of each event (its seq and recorded time) chained and signed:
        // recorded-time answers become as tamper-evident as the events. Events stored before
        // are chained now; the next commit signs the head that covers them.
        migrator.registerMigration("v4-receipt-chain") { db in
            try db.execute(
                sql: """
                    CREATE TABLE receipt_chain (seq INTEGER PRIMARY KEY, hash BLOB NOT NULL);
                    CREATE TABLE receipt_heads (seq INTEGER PRIMARY KEY, hash BLOB NOT NULL, signature BLOB NOT NULL);
                    """)
            var previous = HashChain.genesis
            let rows = try Row.fetchCursor(
                db, sql: "SELECT seq, recorded_ms, device, counter, hash FROM events ORDER BY seq")
            while let row = try rows.next() {
                previous = HashChain.receiptHash(
                    previous: previous, seq: row[0], recordedMs: row[1], device: row[2], counter: row[3],
                    eventHash: row[4])
                try db.execute(
                    sql: "INSERT INTO receipt_chain (seq, hash) VALUES (?, ?)", arguments: [row[0], previous])
            }
        }
        // A fleet and its members (the sync issue): the fleet id and founder in the identity,
        // what each event's author had seen of the fleet's membership (`seen`, hashed with
        // the event when present), and what this replica knows of its peers.
        migrator.registerMigration("v5-fleet") { db in
            try db.execute(
                sql: """
                    ALTER TABLE identity ADD COLUMN fleet_id TEXT;
                    ALTER TABLE identity ADD COLUMN founder_device TEXT;
                    ALTER TABLE events ADD COLUMN seen TEXT;
                    -- A retired device's events after its cut that this replica held before it
                    -- learned of the retirement: moved out of the log, so that every replica's
                    -- log ends at the cut, and kept here for the audit.
                    CREATE TABLE cut_events AS SELECT * FROM events WHERE 0;
                    ALTER TABLE cut_events ADD COLUMN cut_ms INTEGER;
                    CREATE TABLE peer_status (
                        peer TEXT PRIMARY KEY,
                        address TEXT,
                        last_success_ms INTEGER,
                        last_error TEXT,
                        last_error_ms INTEGER,
                        last_heard_ms INTEGER
                    );
                    """)
            // The founder of a replica made before fleets existed is its earliest enrolment.
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT aggregate_id, payload FROM events WHERE event_type = 'DeviceEnrolled'
                        ORDER BY hlc_ms, hlc_logical, device LIMIT 1
                        """),
                let enrolment = try? CanonicalJSON.decode(DeviceEnrolled.self, from: Data((row[1] as String).utf8)),
                let fleet = Fleet.id(founderKey: enrolment.publicKey)
            else { return }
            try db.execute(
                sql: "UPDATE identity SET fleet_id = ?, founder_device = ?", arguments: [fleet, row[0] as String])
        }
        // Incremental verification (the scale issue): the signed mark of the last intact
        // verification, and a note of every row of the log, its heads or its receipts that
        // changed or went since, so that only what is new needs reading again.
        migrator.registerMigration("v6-verification") { db in
            try db.execute(
                sql: """
                    CREATE TABLE verification_checkpoint (
                        id INTEGER PRIMARY KEY CHECK (id = 1), marks BLOB NOT NULL, signature BLOB NOT NULL
                    );
                    CREATE TABLE log_edits (id INTEGER PRIMARY KEY, what TEXT NOT NULL, key TEXT);
                    """ + VerificationCheckpoint.triggers.map(\.sql).joined(separator: ";\n"))
        }
        // Time-travel checkpoints (the scale issue): the replica's state at regular positions
        // of each time axis, derived from the log (see `TimeCheckpoints`); and recorded time
        // gets an index of its own, so that a checkpoint's tail is a range of it.
        migrator.registerMigration("v7-time-checkpoints") { db in
            try db.execute(
                sql: """
                    CREATE INDEX events_by_recorded ON events (recorded_ms);
                    CREATE TABLE time_checkpoints (
                        axis TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        key_ms INTEGER NOT NULL,
                        key_second INTEGER NOT NULL,
                        key_device TEXT NOT NULL,
                        key_last INTEGER NOT NULL,
                        covered BLOB NOT NULL,
                        manifest BLOB NOT NULL,
                        PRIMARY KEY (axis, number)
                    );
                    CREATE TABLE time_checkpoint_states (
                        axis TEXT NOT NULL,
                        aggregate_kind TEXT NOT NULL,
                        aggregate_id TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        state BLOB NOT NULL
                    );
                    CREATE UNIQUE INDEX time_checkpoint_states_by_aggregate
                        ON time_checkpoint_states (axis, aggregate_kind, aggregate_id, number);
                    CREATE INDEX time_checkpoint_states_by_number ON time_checkpoint_states (axis, number);
                    CREATE TABLE time_checkpoint_marks (
                        axis TEXT PRIMARY KEY, checked_seq INTEGER NOT NULL, edits_mark INTEGER NOT NULL
                    );
                    """)
        }
        // The model registry and the prediction log: this replica's own, never synced. A
        // promotion is an event (ModelPromoted) and carries the record, so that any replica
        // can train the model again.
        migrator.registerMigration("v8-model-registry") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ml_models (
                        name TEXT NOT NULL,
                        version TEXT NOT NULL,
                        record BLOB NOT NULL,
                        body BLOB NOT NULL,
                        trained_by TEXT NOT NULL,
                        trained_ms INTEGER NOT NULL,
                        PRIMARY KEY (name, version)
                    );
                    CREATE TABLE ml_predictions (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL,
                        version TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        as_of_ms INTEGER NOT NULL,
                        made_ms INTEGER NOT NULL,
                        made_by TEXT NOT NULL,
                        features BLOB NOT NULL,
                        output BLOB NOT NULL
                    );
                    CREATE INDEX ml_predictions_by_subject ON ml_predictions (subject, made_ms);
                    """)
        }
        // The facts the fleet's figures read (the analytics issue), one row per event leg and
        // keyed by the event's identity, so that every replica holds the same facts (each with its
        // own recorded time). Filled
        // here from the log as it stands; commits and rebuilds keep them after that.
        migrator.registerMigration("v9-analytics-facts") { db in
            try createAnalyticsFacts(db)
            let rows = try Row.fetchCursor(db, sql: "SELECT \(EventRow.columns) FROM events ORDER BY seq")
            while let row = try rows.next() {
                // A damaged event is quarantined by the rebuild that follows its repair.
                guard let event = try? EventRow(row: row).decoded() else { continue }
                try AnalyticsFactRows.insert([event], db)
            }
        }
        // API tokens for callers that are not devices (the hub's API): this replica's own, never
        // synced, the secret kept only as a hash.
        migrator.registerMigration("v10-api-tokens") { db in
            try db.execute(
                sql: """
                    CREATE TABLE api_tokens (
                        id TEXT PRIMARY KEY,
                        user TEXT NOT NULL,
                        hash BLOB NOT NULL,
                        created_ms INTEGER NOT NULL,
                        expires_ms INTEGER,
                        revoked_ms INTEGER
                    );
                    """)
        }
        return migrator
    }

    static func createAnalyticsFacts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE analytics_facts (
                    device TEXT NOT NULL,
                    counter INTEGER NOT NULL,
                    leg INTEGER NOT NULL,
                    hlc_ms INTEGER NOT NULL,
                    hlc_logical INTEGER NOT NULL,
                    recorded_ms INTEGER NOT NULL,
                    kind INTEGER NOT NULL,
                    a TEXT NOT NULL, b TEXT, c TEXT, d TEXT,
                    x INTEGER, y INTEGER, z INTEGER,
                    PRIMARY KEY (device, counter, leg)
                ) WITHOUT ROWID;
                """)
    }

    /// Read-model tables: what a rebuild empties and fills again.
    static let readModelTables = [
        "fleet", "due_exams", "defects", "work_orders", "parts", "stock_levels", "users", "workshops", "devices",
        "conflicts",
    ]
}
