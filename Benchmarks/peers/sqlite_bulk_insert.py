"""The peer for batch erasure: a plain bulk insert of the same rows (requests, notices, events) into
SQLite with the ledger's schema and settings (WAL, synchronous=FULL, foreign keys), 1,000 requests
per transaction, with Python's sqlite3 and executemany. Prints the insert's own time as JSON (reading
the source is not timed). Usage: sqlite_bulk_insert.py LEDGER_COPY OUT.sqlite
It reads the rows sharegraph recorded in LEDGER_COPY, so both write exactly the same data."""
import json
import sqlite3
import sys
import time

source, out = sys.argv[1], sys.argv[2]
src = sqlite3.connect(source)
schema = [row[0] for row in src.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'")]
requests = src.execute("SELECT * FROM request").fetchall()
notices = src.execute("SELECT * FROM notice ORDER BY request_id, position").fetchall()
events = src.execute("SELECT notice_id, at, kind, state, detail FROM event ORDER BY seq").fetchall()
by_request = {}
for notice in notices:
    by_request.setdefault(notice[1], []).append(notice)
notice_events = {}
for event in events:
    notice_events.setdefault(event[0], []).append(event)

db = sqlite3.connect(out, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
db.execute("PRAGMA foreign_keys = ON")
for statement in schema:
    db.execute(statement)
start = time.perf_counter()
for chunk in range(0, len(requests), 1000):
    db.execute("BEGIN")
    part = requests[chunk:chunk + 1000]
    db.executemany("INSERT INTO request VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", part)
    rows = [n for r in part for n in by_request.get(r[0], [])]
    db.executemany("INSERT INTO notice VALUES (" + ", ".join("?" * len(rows[0])) + ")", rows)
    db.executemany("INSERT INTO event (notice_id, at, kind, state, detail) VALUES (?, ?, ?, ?, ?)",
                   [e for n in rows for e in notice_events.get(n[0], [])])
    db.execute("COMMIT")
elapsed = time.perf_counter() - start
print(json.dumps({"insert_s": elapsed, "requests": len(requests), "notices": len(notices), "events": len(events)}))
