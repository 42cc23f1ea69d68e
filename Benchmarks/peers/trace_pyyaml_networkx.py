"""The end-to-end peer for `sharegraph trace`: what a script written without Sharegraph would run
for one access request. It reads every graph file of a directory with PyYAML's C loader, builds a
networkx MultiDiGraph of the flows, reads the person's subject file, and walks the same states
(party, purpose, role) with category sets narrowed along each flow and conditions judged against
the person's events (yes / unknown / no), as Benchmarks/peers/trace_networkx.py does on an export.
It answers less than Sharegraph does (no retention dates, no paths, no report), so it is a lower
bound on the work a script would do.

usage: python3 trace_pyyaml_networkx.py GRAPH_DIR SUBJECT_FILE
prints one JSON object: holders (parties reached), states, and the load and walk times.
"""
import json
import os
import sys
import time
from collections import deque

import networkx as nx
import yaml

from trace_networkx import NO, UNKNOWN, YES

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


def truth(kind, event, knowledge):
    _, _, happened, not_happened, consented = knowledge
    if kind == "always":
        return YES
    if kind == "consent":
        return YES if event in consented else UNKNOWN
    known = YES if event in happened else (NO if event in not_happened else UNKNOWN)
    if kind == "unless":
        return {YES: NO, NO: YES, UNKNOWN: UNKNOWN}[known]
    return known


def trace(graph, purposes, relationships):
    states = {}
    knowledge = {}
    queue = deque()

    def offer(key, categories, certain):
        state = states.get(key)
        if state is None:
            states[key] = [categories, certain, True]
            queue.append(key)
            return
        merged = state[0] | categories
        changed = merged != state[0] or (certain and not state[1])
        state[0], state[1] = merged, state[1] or certain
        if changed and not state[2]:
            state[2] = True
            queue.append(key)

    for relation in relationships:
        controller, types = relation[0], relation[1]
        if controller in knowledge:
            continue
        knowledge[controller] = relation
        for pid, (owner, basis, subjects, mask) in purposes.items():
            if owner != controller or (subjects and not subjects & types):
                continue
            seed = YES if basis != "consent" or pid in relation[4] else UNKNOWN
            offer((controller, pid, "controller"), mask, seed == YES)
    while queue:
        key = queue.popleft()
        party, purpose, _ = key
        state = states[key]
        state[2] = False
        held, certain = state[0], state[1]
        relation = knowledge[purposes[purpose][0]]
        for _, target, data in graph.out_edges(party, data=True):
            if data["purpose"] is not None and data["purpose"] != purpose:
                continue
            carried = held & data["mask"]
            if not carried:
                continue
            value = truth(data["kind"], data["event"], relation)
            if value == NO:
                continue
            offer((target, purpose, data["role"]), carried, certain and value == YES)
    holders = {}
    for (party, _, _), (categories, certain, _) in states.items():
        holders.setdefault(party, set()).update(categories)
    return states, holders


def main():
    directory, subject_path = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    graph, purposes = load_graph(directory)
    loaded = time.perf_counter()
    with open(subject_path, "rb") as handle:
        subject = yaml.load(handle, Loader=yaml.CSafeLoader)
    states, holders = trace(graph, purposes, knowledge_of(subject))
    done = time.perf_counter()
    print(json.dumps({"holders": len(holders), "states": len(states), "load_s": round(loaded - start, 3), "walk_s": round(done - loaded, 4)}))


if __name__ == "__main__":
    main()
