"""The Python `eventsourcing` library's SQLite store on the workloads railfleet-bench measures.

Run by scripts/compare-eventsourcing, which installs the library in a scratch virtualenv and
then runs railfleet-bench on the same machine: the figures are meant to be read side by side
with `append`, `batch` and `load`.

Workloads (each on a fresh SQLite file, in the library's WAL mode):
- single append: 10,000 events appended to one aggregate, one transaction each (p50, p99);
- batched append: 100,000 events in batches of 100 (one transaction per batch), events/s;
- rebuild a 10,001-event aggregate without snapshots, and with a snapshot taken at its end.
"""

import os
import statistics
import sqlite3
import sys
import tempfile
import time

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event


class Vehicle(Aggregate):
    @event("Registered")
    def __init__(self, number: str, km: int):
        self.number = number
        self.km = km

    @event("OdometerRecorded")
    def record(self, km: int, source: str):
        self.km = km
        self.source = source


def application(path: str, snapshots: bool = False) -> Application:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path}
    if snapshots:
        env["IS_SNAPSHOTTING_ENABLED"] = "y"
    app = Application(env=env)
    return app


def settings(path: str) -> None:
    # What the library's file runs with: its journal mode, and SQLite's default synchronous.
    connection = sqlite3.connect(path)
    mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[connection.execute("PRAGMA synchronous").fetchone()[0]]
    connection.close()
    print(f"    (journal mode {mode}, synchronous {sync})")


def report(name: str, workload: str, figure: str) -> None:
    print(f"{name:<44} {figure}")
    print(f"    workload: {workload}")


def main() -> None:
    folder = tempfile.mkdtemp(prefix="es-bench-")
    # Single appends.
    app = application(os.path.join(folder, "single.sqlite"))
    vehicle = Vehicle("186-001", 0)
    app.save(vehicle)
    latencies = []
    for i in range(10_000):
        vehicle.record(i + 1, "bench")
        started = time.perf_counter()
        app.save(vehicle)
        latencies.append(time.perf_counter() - started)
    latencies.sort()
    report(
        "eventsourcing: single append, p50 / p99",
        "10,000 events to one aggregate, one transaction each",
        f"{statistics.median(latencies) * 1e6:.0f} / {latencies[int(len(latencies) * 0.99)] * 1e6:.0f} µs",
    )
    settings(os.path.join(folder, "single.sqlite"))

    # Batched appends: 1,000 vehicles, 100 events per save.
    app = application(os.path.join(folder, "batch.sqlite"))
    vehicles = [Vehicle(f"V{i}", 0) for i in range(1_000)]
    app.save(*vehicles)
    started = time.perf_counter()
    for batch in range(1_000):
        v = vehicles[batch % len(vehicles)]
        for i in range(100):
            v.record(batch * 100 + i + 1, "bench")
        app.save(v)
    elapsed = time.perf_counter() - started
    report(
        "eventsourcing: batched append",
        "100,000 events in batches of 100, one transaction per batch",
        f"{100_000 / elapsed:,.0f} events/s",
    )

    # Rebuilding a 10,001-event aggregate.
    path = os.path.join(folder, "load.sqlite")
    app = application(path, snapshots=True)
    vehicle = Vehicle("186-002", 0)
    for i in range(10_000):
        vehicle.record(i + 1, "bench")
    app.save(vehicle)
    app.take_snapshot(vehicle.id)

    def loads(application: Application, times: int) -> list:
        durations = []
        for _ in range(times):
            started = time.perf_counter()
            loaded = application.repository.get(vehicle.id)
            durations.append(time.perf_counter() - started)
            assert loaded.km == 10_000
        return durations

    snapped = loads(app, 50)
    # Without the snapshot: a second application on the same file that does not read them.
    plain = loads(application(path, snapshots=False), 10)
    report(
        "eventsourcing: load a 10,001-event aggregate, snapshot",
        "snapshot taken at its last event; median of 50",
        f"{statistics.median(snapped) * 1e3:.2f} ms",
    )
    report(
        "eventsourcing: load it without snapshots",
        "all 10,001 events replayed; median of 10",
        f"{statistics.median(plain) * 1e3:.2f} ms",
    )


if __name__ == "__main__":
    sys.exit(main())
