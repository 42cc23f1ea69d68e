"""The peer for Sharegraph's trace benchmark: the same traversal written with networkx.

Reads the graph that sharegraph-trace-bench exported (purposes.tsv, flows.tsv) into a networkx
MultiDiGraph (not timed), then times, from controller p0:
  1. plain reachability (nx.descendants), the least a DPO would write;
  2. the equivalent trace: states (party, purpose, role), category masks intersected along each
     flow, conditions evaluated against the person's events (held / possible / absent),
     re-visiting a state when its categories or certainty grow, as Sharegraph does.
usage: python3 trace_networkx.py EXPORT_DIR RUNS
"""
import statistics
import sys
import time
from collections import deque

import networkx as nx


def load(directory):
    graph = nx.MultiDiGraph()
    purposes = {}
    with open(f"{directory}/purposes.tsv") as handle:
        for line in handle:
            pid, controller, basis, mask = line.rstrip("\n").split("\t")
            purposes[pid] = (controller, basis, int(mask))
    with open(f"{directory}/flows.tsv") as handle:
        for line in handle:
            source, target, role, purpose, kind, event, mask = line.rstrip("\n").split("\t")
            graph.add_edge(source, target, role=role, purpose=None if purpose == "-" else purpose,
                           kind=kind, event=event, mask=int(mask))
    return graph, purposes


HAPPENED = {"contract-start", "invoice-overdue"}
NOT_HAPPENED = {"police-request"}


def truth(kind, event):
    if kind == "always":
        return 2
    known = 2 if event in HAPPENED else (0 if event in NOT_HAPPENED else 1)
    if kind == "unless":
        return {2: 0, 0: 2, 1: 1}[known]
    return known


def trace(graph, purposes, controller):
    states = {}
    queue = deque()
    for pid, (owner, basis, mask) in purposes.items():
        if owner != controller:
            continue
        certain = basis != "consent"
        key = (controller, pid, "controller")
        states[key] = [mask, certain, 0]
        queue.append(key)
    routes = 0
    while queue:
        key = queue.popleft()
        party, purpose, _ = key
        state = states[key]
        held, certain, before = state
        state[2] = held
        for _, target, data in graph.out_edges(party, data=True):
            if data["purpose"] is not None and data["purpose"] != purpose:
                continue
            carried = held & data["mask"]
            if not carried:
                continue
            value = truth(data["kind"], data["event"])
            if value == 0:
                continue
            if not (before & data["mask"]):
                routes += 1
            goal = (target, purpose, data["role"])
            target_state = states.get(goal)
            now_certain = certain and value == 2
            if target_state is None:
                states[goal] = [carried, now_certain, 0]
                queue.append(goal)
                continue
            merged = target_state[0] | carried
            if merged != target_state[0] or (now_certain and not target_state[1]):
                target_state[0] = merged
                target_state[1] = target_state[1] or now_certain
                queue.append(goal)
    return len(states), routes


def main():
    directory, runs = sys.argv[1], int(sys.argv[2])
    graph, purposes = load(directory)
    plain, full = [], []
    for _ in range(runs):
        start = time.perf_counter()
        reached = len(nx.descendants(graph, "p0"))
        plain.append(time.perf_counter() - start)
    for _ in range(runs):
        start = time.perf_counter()
        states, routes = trace(graph, purposes, "p0")
        full.append(time.perf_counter() - start)
    print(f"networkx plain reachability: median {statistics.median(plain):.4f} s over {runs} runs ({reached} parties)")
    print(f"networkx equivalent trace: median {statistics.median(full):.4f} s over {runs} runs ({states} states, {routes} routes)")


if __name__ == "__main__":
    main()
