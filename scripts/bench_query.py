"""The benchmark's aggregation in DuckDB or pandas: score counts overall, by each of region,
channel, segment, touchpoint and month, and by region x month. Prints JSON: {key: [counts 0..10]}.

Usage: bench_query.py duckdb|pandas FILE.csv
"""
import json
import sys

engine, path = sys.argv[1], sys.argv[2]
dims = ["region", "channel", "customer_segment", "touchpoint"]
result = {}


def put(key, score, n):
    result.setdefault(key, [0] * 11)[int(score)] += int(n)


if engine == "duckdb":
    import duckdb

    con = duckdb.connect()
    con.execute(
        f"""CREATE VIEW r AS SELECT score, region, channel, customer_segment, touchpoint,
            strftime(CAST(submitted_at AS TIMESTAMP), '%Y-%m') AS month
            FROM read_csv('{path}', header = true, quote = '"', escape = '"',
                          types = {{'score': 'INTEGER', 'submitted_at': 'VARCHAR'}})
            WHERE score IS NOT NULL"""
    )
    sets = ", ".join(["()"] + [f"({d})" for d in dims + ["month"]] + ["(region, month)"])
    rows = con.execute(
        f"""SELECT region, channel, customer_segment, touchpoint, month,
                   GROUPING(region, channel, customer_segment, touchpoint, month) AS g,
                   score, count(*) FROM r
            GROUP BY GROUPING SETS ({sets}), score"""
    ).fetchall()
    for region, channel, segment, touchpoint, month, g, score, n in rows:
        values = {"region": region, "channel": channel, "customer_segment": segment,
                  "touchpoint": touchpoint, "month": month}
        present = [k for k, v in values.items() if v is not None]
        key = "|".join(f"{k}={values[k]}" for k in present) or "all"
        put(key, score, n)
else:
    import pandas as pd

    df = pd.read_csv(path, dtype={"score": "Int64"}, usecols=["submitted_at", "score"] + dims)
    df = df[df["score"].notna()]
    df["month"] = df["submitted_at"].str[:7]
    for score, n in df.groupby("score").size().items():
        put("all", score, n)
    for dim in dims + ["month"]:
        for (value, score), n in df.groupby([dim, "score"]).size().items():
            put(f"{dim}={value}", score, n)
    for (region, month, score), n in df.groupby(["region", "month", "score"]).size().items():
        put(f"region={region}|month={month}", score, n)

json.dump(result, sys.stdout, sort_keys=True)
