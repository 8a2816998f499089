"""The warehouse's way: DuckDB tallies the benchmark's answers into one row per month, region,
channel, segment, touchpoint and score, with how many answers it stands for (`n`) and the newest
day among them (`day`, so that the report's "data until" date stays exact), and writes them as
CSV for cxreport's `count` column. The agent is left out: with 400 agents nearly every answer
is a combination of its own. Prints the rows written.

Usage: bench_tally.py FILE.csv OUT.csv
"""
import sys

import duckdb

path, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute(
    f"""COPY (
          SELECT max(day) AS day, region, channel, customer_segment, touchpoint, score,
                 count(*) AS n
          FROM (SELECT CAST(CAST(submitted_at AS TIMESTAMP) AS DATE) AS day, *
                FROM read_csv('{path}', header = true, quote = '"', escape = '"',
                              types = {{'score': 'INTEGER', 'submitted_at': 'VARCHAR'}}))
          GROUP BY date_trunc('month', day), region, channel, customer_segment, touchpoint,
                   score
        ) TO '{out}' (HEADER)"""
)
print(con.execute(f"SELECT count(*) FROM read_csv('{out}', header = true)").fetchone()[0])
