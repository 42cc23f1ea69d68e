"""Writes N erasure requests as JSON lines against the seed graphs, each with its own inline subject,
for `sharegraph erase --batch`. Usage: erase_requests.py N OUT.jsonl"""
import json
import sys

n, out = int(sys.argv[1]), sys.argv[2]
templates = [
    ("vekstly", ["course-participant", "customer"],
     {"order": "2024-03-01", "payment-completed": "2024-03-01", "transaction": "2024-03-01", "course-end": "2024-05-30"}),
    ("janteloppet", ["event-attendee", "customer"],
     {"order": "2023-08-20", "event-end": "2023-09-14", "invoice-overdue": "2023-10-15", "last-disclosure": "2023-10-20"}),
    ("igo", ["business-contact"], {"collection": "2021-05-03", "last-contact": "2023-01-20", "customer-firm-relationship-end": "2023-02-28"}),
    ("jetpak", ["customer"], {"contract-start": "2022-01-10", "order": "2024-11-02", "transaction": "2024-11-30"}),
    ("jackon", ["prospect"], {"collection": "2025-04-22"}),
]
with open(out, "w") as f:
    for i in range(n):
        controller, types, events = templates[i % len(templates)]
        f.write(json.dumps({
            "id": f"bench-{i}", "controller": controller, "received": "2026-11-16", "scope": "erasure",
            "subject": {"reference": f"B-{i}", "relationships": [{
                "controller": controller, "as": types,
                "identifiers": {"email": f"person{i}@example.invalid"}, "events": events}]},
        }) + "\n")
