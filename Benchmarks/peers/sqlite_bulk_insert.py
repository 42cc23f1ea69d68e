"""The peer for batch erasure: a plain bulk insert of the same rows (requests, notices, events) into
SQLite with the ledger's schema and settings (WAL, synchronous=FULL, foreign keys), 1,000 requests
per transaction, with Python's sqlite3 and executemany. Prints the inserts' own time as JSON: each
transaction's rows are read from the source first, untimed, so memory holds one transaction's rows
and a million-request batch fits. Usage: sqlite_bulk_insert.py LEDGER_COPY OUT.sqlite
It reads the rows sharegraph recorded in LEDGER_COPY, so both write exactly the same data."""
import json
import sqlite3
import sys
import time

source, out = sys.argv[1], sys.argv[2]
src = sqlite3.connect(source)
schema = [row[0] for row in src.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'")]
request_ids = [row[0] for row in src.execute("SELECT id FROM request ORDER BY rowid")]

db = sqlite3.connect(out, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
db.execute("PRAGMA foreign_keys = ON")
for statement in schema:
    db.execute(statement)

elapsed = 0.0
counts = {"requests": 0, "notices": 0, "events": 0}
for chunk in range(0, len(request_ids), 1000):
    ids = request_ids[chunk:chunk + 1000]
    src.execute("CREATE TEMP TABLE IF NOT EXISTS part (id TEXT PRIMARY KEY)")
    src.execute("DELETE FROM part")
    src.executemany("INSERT INTO part VALUES (?)", [(i,) for i in ids])
    requests = src.execute("SELECT r.* FROM request r JOIN part USING (id) ORDER BY r.rowid").fetchall()
    notices = src.execute("SELECT n.* FROM notice n JOIN part p ON n.request_id = p.id ORDER BY n.request_id, n.position").fetchall()
    events = src.execute("SELECT e.notice_id, e.at, e.kind, e.state, e.detail FROM event e JOIN notice n ON e.notice_id = n.id "
                         "JOIN part p ON n.request_id = p.id ORDER BY e.seq").fetchall()
    # Notices in request order, as the ledger writes them (a parent before its children).
    order = {request[0]: position for position, request in enumerate(requests)}
    notices.sort(key=lambda n: (order[n[1]], n[-1]))
    start = time.perf_counter()
    db.execute("BEGIN")
    db.executemany("INSERT INTO request VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", requests)
    if notices:
        db.executemany("INSERT INTO notice VALUES (" + ", ".join("?" * len(notices[0])) + ")", notices)
    db.executemany("INSERT INTO event (notice_id, at, kind, state, detail) VALUES (?, ?, ?, ?, ?)", events)
    db.execute("COMMIT")
    elapsed += time.perf_counter() - start
    counts["requests"] += len(requests)
    counts["notices"] += len(notices)
    counts["events"] += len(events)
print(json.dumps({"insert_s": elapsed, **counts}))
