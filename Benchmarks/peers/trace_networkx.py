"""The peer for Sharegraph's trace benchmark: the same traversal written with networkx.

Reads what sharegraph-trace-bench exported from a generated graph (purposes.tsv, flows.tsv,
subject.tsv) into a networkx MultiDiGraph, then traces the person as Sharegraph does: states
(party, purpose, role), category masks intersected along each flow, conditions evaluated against
the person's events (yes / unknown / no), and a state walked again when its categories or
certainty grow. Prints one JSON object: build time, median trace time, states and routes.
usage: python3 trace_networkx.py EXPORT_DIR RUNS
"""
import json
import statistics
import sys
import time
from collections import deque

import networkx as nx

YES, UNKNOWN, NO = 2, 1, 0


def load(directory):
    graph = nx.MultiDiGraph()
    purposes = {}
    with open(f"{directory}/purposes.tsv") as handle:
        for line in handle:
            pid, controller, basis, subjects, mask = line.rstrip("\n").split("\t")
            purposes[pid] = (controller, basis, set(filter(None, subjects.split(","))), int(mask, 2))
    with open(f"{directory}/flows.tsv") as handle:
        for line in handle:
            source, target, role, purpose, kind, event, mask = line.rstrip("\n").split("\t")
            graph.add_edge(source, target, role=role, purpose=None if purpose == "-" else purpose,
                           kind=kind, event=event, mask=int(mask, 2))
    relationships = []
    with open(f"{directory}/subject.tsv") as handle:
        for line in handle:
            controller, types, happened, not_happened, consented = line.rstrip("\n").split("\t")
            relationships.append((controller, set(filter(None, types.split(","))), set(filter(None, happened.split(","))),
                                  set(filter(None, not_happened.split(","))), set(filter(None, consented.split(",")))))
    return graph, purposes, relationships


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
    """The states reached ((party, purpose, role) -> [categories, certain, ...]) and the routes taken.
    Categories may be integers (bit masks) or sets: only `&`, `|` and truthiness are used."""
    states = {}
    knowledge_of = {}
    queue = deque()

    def offer(key, categories, certain):
        state = states.get(key)
        if state is None:
            states[key] = [categories, certain, type(categories)(), True]
            queue.append(key)
            return
        merged = state[0] | categories
        changed = merged != state[0] or (certain and not state[1])
        state[0], state[1] = merged, state[1] or certain
        if changed and not state[3]:
            state[3] = True
            queue.append(key)

    for knowledge in relationships:
        controller, types = knowledge[0], knowledge[1]
        if controller in knowledge_of:
            continue
        knowledge_of[controller] = knowledge
        for pid, (owner, basis, subjects, mask) in purposes.items():
            if owner != controller or (subjects and not subjects & types):
                continue
            seed = YES
            if basis == "consent":
                seed = YES if pid in knowledge[4] else UNKNOWN
            offer((controller, pid, "controller"), mask, seed == YES)
    routes = 0
    while queue:
        key = queue.popleft()
        party, purpose, _ = key
        state = states[key]
        state[3] = False
        held, certain, before = state[0], state[1], state[2]
        state[2] = held
        knowledge = knowledge_of[purposes[purpose][0]]
        for _, target, data in graph.out_edges(party, data=True):
            if data["purpose"] is not None and data["purpose"] != purpose:
                continue
            carried = held & data["mask"]
            if not carried:
                continue
            value = truth(data["kind"], data["event"], knowledge)
            if value == NO:
                continue
            if not (before & data["mask"]):
                routes += 1
            offer((target, purpose, data["role"]), carried, certain and value == YES)
    return states, routes


def main():
    directory, runs = sys.argv[1], int(sys.argv[2])
    start = time.perf_counter()
    graph, purposes, relationships = load(directory)
    build = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        states, routes = trace(graph, purposes, relationships)
        times.append(time.perf_counter() - start)
    print(json.dumps({"build_s": round(build, 4), "trace_s": statistics.median(times), "states": len(states), "routes": routes}))


if __name__ == "__main__":
    main()
