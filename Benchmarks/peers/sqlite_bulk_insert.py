"""The peer for batch erasure: a plain bulk insert of the same rows (requests, notices, events) into
SQLite with the ledger's schema and settings (WAL, synchronous=FULL, foreign keys), 1,000 requests
per transaction, with Python's sqlite3 and executemany. Prints the inserts' own time as JSON: each
transaction's rows are read from the source first, untimed, so memory holds one transaction's rows
and a million-request batch fits. Usage: sqlite_bulk_insert.py LEDGER_COPY OUT.sqlite
It reads the rows sharegraph recorded in LEDGER_COPY, so both write exactly the same data.

The source is read with one pass of three cursors in the order the ledger wrote it (a request,
then its notices and their events), not with a join per transaction: at 100k requests the joins
took most of an hour. A row out of that order stops the run rather than being dropped."""
import json
import sqlite3
import sys
import time


class Rows:
    """A cursor with one row of lookahead, taken while the row's request is in the current part."""

    def __init__(self, cursor, request_of):
        self.cursor, self.request_of, self.next = cursor, request_of, cursor.fetchone()

    def take(self, ids):
        rows = []
        while self.next is not None and self.request_of(self.next) in ids:
            rows.append(self.next)
            self.next = self.cursor.fetchone()
        return rows


OUT_OF_ORDER = "the source ledger's rows are not in the order it writes them (a request, then its notices and events)"
source, out = sys.argv[1], sys.argv[2]
src = sqlite3.connect(source)
schema = [row[0] for row in src.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'")]
total_requests = src.execute("SELECT count(*) FROM request").fetchone()[0]
db = sqlite3.connect(out, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
db.execute("PRAGMA foreign_keys = ON")
for statement in schema:
    db.execute(statement)

elapsed = 0.0
counts = {"requests": 0, "notices": 0, "events": 0}
request_cursor = src.execute("SELECT * FROM request ORDER BY rowid")
notice_rows = Rows(src.execute("SELECT * FROM notice ORDER BY rowid"), lambda n: n[1])
event_rows = Rows(src.execute("SELECT e.notice_id, e.at, e.kind, e.state, e.detail, n.request_id FROM event e "
                              "JOIN notice n ON e.notice_id = n.id ORDER BY e.seq"), lambda e: e[5])
while True:
    requests = request_cursor.fetchmany(1000)
    if not requests:
        break
    ids = {request[0] for request in requests}
    notices = notice_rows.take(ids)
    events = [event[:5] for event in event_rows.take(ids)]
    # Notices in request order, as the ledger writes them (a parent before its children).
    order = {request[0]: position for position, request in enumerate(requests)}
    notices.sort(key=lambda n: (order[n[1]], n[-1]))
    start = time.perf_counter()
    db.execute("BEGIN")
    try:
        db.executemany("INSERT INTO request VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", requests)
        if notices:
            db.executemany("INSERT INTO notice VALUES (" + ", ".join("?" * len(notices[0])) + ")", notices)
        db.executemany("INSERT INTO event (notice_id, at, kind, state, detail) VALUES (?, ?, ?, ?, ?)", events)
    except sqlite3.IntegrityError as error:
        sys.exit(f"{OUT_OF_ORDER} ({error})")
    db.execute("COMMIT")
    elapsed += time.perf_counter() - start
    counts["requests"] += len(requests)
    counts["notices"] += len(notices)
    counts["events"] += len(events)
if notice_rows.next is not None or event_rows.next is not None or counts["requests"] != total_requests:
    sys.exit(OUT_OF_ORDER)
print(json.dumps({"insert_s": elapsed, **counts}))
