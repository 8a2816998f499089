"""Checks that cxreport's metrics.json and another engine's counts agree, key by key.

Usage: bench_compare.py METRICS.json OTHER.json
"""
import json
import sys

metrics = json.load(open(sys.argv[1]))
other = json.load(open(sys.argv[2]))
survey = metrics["surveys"][0]
ours = {}


def counts(figure):
    # The workload has enough answers everywhere: every figure is shown.
    assert figure["status"] == "shown", figure
    return figure["distribution"]


ours["all"] = counts(survey["overall"]["total"])
for p in survey["overall"]["periods"]:
    ours[f"month={p['period']}"] = counts(p)
names = {"region": "region", "channel": "channel", "segment": "customer_segment",
         "touchpoint": "touchpoint"}
for d in survey["dimensions"]:
    column = names.get(d["id"])
    if column is None:
        continue
    for v in d["values"]:
        ours[f"{column}={v['name']}"] = counts(v["total"])
        if column == "region":
            for p in v["periods"]:
                ours[f"region={v['name']}|month={p['period']}"] = counts(p)

missing = sorted(set(ours) ^ set(other))
differ = [k for k in ours if k in other and ours[k] != other[k]]
if missing or differ:
    print(f"MISMATCH: {len(missing)} keys in one only {missing[:5]}, {len(differ)} differ {differ[:5]}")
    sys.exit(1)
print(f"same counts for {len(ours)} keys")
