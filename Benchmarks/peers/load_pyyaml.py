"""The peer for Sharegraph's load benchmark: PyYAML with its C loader (libyaml) reading every graph
file of a directory into Python dicts, as a script that checks graph files would start.
usage: python3 load_pyyaml.py GRAPH_DIR"""
import os
import sys

import yaml

if not getattr(yaml, "__with_libyaml__", False):
    sys.exit("PyYAML was built without libyaml; the C loader is the peer")
directory = sys.argv[1]
flows = 0
for name in sorted(os.listdir(directory)):
    if name.endswith((".yaml", ".yml")):
        with open(os.path.join(directory, name), "rb") as handle:
            document = yaml.load(handle, Loader=yaml.CSafeLoader)
        flows += len(document.get("flows") or [])
print(flows)
