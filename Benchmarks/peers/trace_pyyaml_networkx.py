"""The end-to-end peer for `sharegraph trace`: what a script written without Sharegraph would run
for one access request. It reads every graph file of a directory with PyYAML's C loader, builds a
networkx MultiDiGraph of the flows, reads the person's subject file, and walks the same states
(party, purpose, role) with category sets narrowed along each flow and conditions judged against
the person's events (yes / unknown / no), with the walk of Benchmarks/peers/trace_networkx.py (which
runs it on an export).
It answers less than Sharegraph does (no retention dates, no paths, no report), so it is a lower
bound on the work a script would do.

usage: python3 trace_pyyaml_networkx.py GRAPH_DIR SUBJECT_FILE
prints one JSON object: holders (parties reached), states, and the load and walk times.
"""
import json
import os
import sys
import time

import networkx as nx
import yaml

from trace_networkx import trace

if not getattr(yaml, "__with_libyaml__", False):
    sys.exit("PyYAML was built without libyaml; the C loader is the peer")


CLOSURES = {}


def closure(ids, known):
    """Every known category at or under one of ids: `contact` carries `contact.email` (memoised:
    most flows repeat a handful of lists)."""
    key = tuple(ids)
    if key in CLOSURES:
        return CLOSURES[key]
    out = set()
    for wanted in ids:
        out.update(c for c in known if c == wanted or c.startswith(wanted + "."))
        out.add(wanted)
    CLOSURES[key] = frozenset(out)
    return CLOSURES[key]


def load_graph(directory):
    documents = []
    for name in sorted(os.listdir(directory)):
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(directory, name), "rb") as handle:
                documents.append(yaml.load(handle, Loader=yaml.CSafeLoader) or {})
    known = set()
    for document in documents:
        for purpose in document.get("purposes") or []:
            known.update(purpose.get("categories") or [])
        for flow in document.get("flows") or []:
            if isinstance(flow.get("categories"), list):
                known.update(flow["categories"])
    owner = {}
    purposes = {}
    graph = nx.MultiDiGraph()
    for document in documents:
        for party in document.get("parties") or []:
            owner[party["id"]] = party["id"]
            for system in party.get("systems") or []:
                owner[system["id"]] = party["id"]
        for purpose in document.get("purposes") or []:
            purposes[purpose["id"]] = (purpose["controller"], purpose.get("legal-basis"), set(purpose.get("subjects") or []),
                                       closure(purpose.get("categories") or [], known))
    everything = frozenset(known)
    for document in documents:
        for flow in document.get("flows") or []:
            when = flow.get("when", "always")
            if isinstance(when, dict):
                kind, event = next(iter(when.items()))
            else:
                kind, event = ("always", None) if when == "always" else ("event", when)
            categories = flow.get("categories", "all")
            mask = everything if categories == "all" else closure(categories, known)
            graph.add_edge(owner.get(flow["from"], flow["from"]), owner.get(flow["to"], flow["to"]), role=flow.get("role"),
                           purpose=flow.get("purpose"), kind=kind, event=event, mask=mask)
    return graph, purposes


def knowledge_of(subject):
    relationships = []
    for relation in subject.get("relationships") or []:
        events = relation.get("events") or {}
        consented = {value["purpose"] for value in events.values() if isinstance(value, dict) and "purpose" in value}
        relationships.append((relation["controller"], set(relation.get("as") or []), set(events), set(relation.get("not-happened") or []), consented))
    return relationships


def holders(states):
    """Each party reached, with every category it holds under any purpose and role."""
    held = {}
    for (party, _, _), state in states.items():
        held.setdefault(party, set()).update(state[0])
    return held


def main():
    directory, subject_path = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    graph, purposes = load_graph(directory)
    loaded = time.perf_counter()
    with open(subject_path, "rb") as handle:
        subject = yaml.load(handle, Loader=yaml.CSafeLoader)
    states, _ = trace(graph, purposes, knowledge_of(subject))
    done = time.perf_counter()
    print(json.dumps({"holders": len(holders(states)), "states": len(states), "load_s": round(loaded - start, 3), "walk_s": round(done - loaded, 4)}))


if __name__ == "__main__":
    main()
