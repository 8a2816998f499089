#!/usr/bin/env bash
# The performance benchmark: generates the workload, then times `cxreport build` (the full report:
# charts, comments, pages) against DuckDB and pandas doing the same segmented-NPS aggregation,
# checks that all three count the same, and prints wall time, throughput and peak memory: the
# median of RUNS runs (default 3), page cache warm.
#
# Then it builds the largest file's report again with the example's customer comment themes,
# which the benchmark's own configuration leaves out (THEMES=1, the default; empty to skip), and
# with response ids mapped, as the example and every survey tool's export have them, once on the
# file and once on the file read twice, as two overlapping exports (IDS=1, the default; empty to
# skip). Then it lets DuckDB tally the largest file into a few hundred thousand rows, as a
# warehouse would, and times `cxreport build` on the tallies (its `count` column) against the
# same report from the answers (TALLIED=1, the default; empty to skip). Then it times `cxreport
# check` (reading and computing, no pages) on the largest file with fewer columns mapped, which
# shows what each part of the work costs, and the floor for reading: one pass on one core in safe
# Rust (examples/read_floor.rs), stopping if it counts otherwise (PARTS=1, the default; empty to
# skip). Then it times
# `cxreport check` on the same rows as CSV and as an .xlsx workbook (written with openpyxl) for
# each size in WORKBOOK_ROWS (default 100000; empty to skip). Then, for the scaling in segment
# values, builds reports of SEGMENT_ROWS rows (default 1000000) with each number of agents in
# SEGMENTS (default "10 100 1000"; empty to skip), one page (and its comment pages) per agent,
# and prints the time spent rendering and writing pages.
#
# Usage: [RUNS=3] [THEMES=1] [IDS=1] [TALLIED=1] [PARTS=1] [WORKBOOK_ROWS=100000] [SEGMENTS="10 100 1000"] [SEGMENT_ROWS=1000000]
#        [OUTPUT=DIR] scripts/bench.sh [ROWS ...]     (default ROWS: 100000 1000000)
# OUTPUT is where the sites are written: by default a folder on tmpfs (/dev/shm, removed at the
# end), which takes the file system out of the figures; on this machine's ext4, without a
# journal, a build right after one that deleted a site waits on the file system
# (docs/performance.md, "The file system"). Without /dev/shm, target/bench/public.
# DuckDB, pandas and openpyxl are installed from PyPI into target/bench/venv; nothing else is
# touched.
set -Eeuo pipefail
trap 'echo "bench.sh: stopped at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then set -- 100000 1000000; fi
rows=("$@")
work=target/bench
mkdir -p "$work"

cargo build --release --locked -q
cargo build --release --locked -q --example gen-bench --example read-floor
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
if ! "$work/venv/bin/python" -c "import duckdb, pandas, openpyxl" 2>/dev/null; then
  "$work/venv/bin/pip" install -q duckdb pandas openpyxl
fi

cat >"$work/cxreport.toml" <<'TOML'
title = "Benchmark"
[[survey]]
id = "bench"
title = "Benchmark NPS"
kind = "nps"
files = "bench.csv"
columns = { score = "score", date = "submitted_at", comment = "comment" }
dimensions = [
  { id = "region", title = "Region", column = "region" },
  { id = "channel", title = "Channel", column = "channel" },
  { id = "segment", title = "Customer segment", column = "customer_segment" },
  { id = "touchpoint", title = "Touchpoint", column = "touchpoint" },
  { id = "agent", title = "Agent", column = "agent_id" },
]
TOML

# Runs a command RUNS times and sets t (seconds), m (peak MiB) and cpu (user + system seconds)
# to the median run's, whose output is kept in $work/stdout. A command that fails stops the
# benchmark.
measure() {
  local i run
  for ((i = 1; i <= runs; i++)); do
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/stdout.$i"
    echo "$(tail -n 1 "$work/time") $i"
  done | sort -n >"$work/runs"
  read -r t m cpu run < <(sed -n "$(((runs + 1) / 2))p" "$work/runs" |
    awk '{ printf "%.2f %.0f %.2f %d\n", $1, $2 / 1024, $3 + $4, $5 }')
  mv "$work/stdout.$run" "$work/stdout"
  rm -f "$work"/stdout.[0-9]*
}
runs=${RUNS:-3}
if [ -n "${OUTPUT:-}" ]; then
  output=$OUTPUT
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
  output=$(mktemp -d /dev/shm/cxreport-bench.XXXXXX)/public
  trap 'rm -rf "$(dirname "$output")"' EXIT
else
  output=$work/public
fi
build=(target/release/cxreport build -v --config "$work/cxreport.toml" --output "$output")

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-10s %-10s %8s %12s %10s\n' rows tool seconds "rows/s" "peak MiB"
for n in "${rows[@]}"; do
  target/release/examples/gen-bench "$n" "$work/bench.csv"
  cat "$work/bench.csv" >/dev/null # warm the page cache
  measure "${build[@]}"
  printf '%-10s %-10s %8s %12.0f %10s\n' "$n" cxreport "$t" "$(echo "$n / $t" | bc -l)" "$m"
  declare -A times=([cxreport]=$t)
  for engine in duckdb pandas; do
    measure "$work/venv/bin/python" scripts/bench_query.py "$engine" "$work/bench.csv"
    cp "$work/stdout" "$work/$engine.json"
    "$work/venv/bin/python" scripts/bench_compare.py "$output/metrics.json" "$work/$engine.json" >/dev/null
    printf '%-10s %-10s %8s %12.0f %10s\n' "$n" "$engine" "$t" "$(echo "$n / $t" | bc -l)" "$m"
    times[$engine]=$t
  done
  cp "$output/metrics.json" "$work/build-metrics.json"
  awk -v cx="${times[cxreport]}" -v duck="${times[duckdb]}" -v pandas="${times[pandas]}" \
    'BEGIN { printf "  counts agree; cxreport / duckdb = %.2f, pandas / cxreport = %.1f\n", cx / duck, pandas / cx }'
done

themes=${THEMES-1}
if [ -n "$themes" ]; then
  # The example's customer comment themes, taken from its configuration so that the two stay
  # alike: each [[theme]] table counted in "customers" comments, without its surveys line.
  {
    cat "$work/cxreport.toml"
    awk '/^\[\[/ { if (on && keep) printf "%s", block; on = /^\[\[theme\]\]/; block = ""; keep = 1 }
         on && /^surveys *=/ { keep = /"customers"/; next }
         on { block = block $0 "\n" }' cxreport.toml
  } >"$work/themes.toml"
  echo
  echo "with the example's $(grep -c '^\[\[theme\]\]' "$work/themes.toml") comment themes: ${rows[-1]} rows, cxreport build"
  measure target/release/cxreport build -v --config "$work/themes.toml" --output "$output"
  printf '%8s s, %s MiB, %.2f x the build without themes\n' "$t" "$m" "$(echo "$t / ${times[cxreport]}" | bc -l)"
fi

ids=${IDS-1}
if [ -n "$ids" ]; then
  # An id seen twice counts once, so the reading checks every id against the ones before it.
  sed 's/comment = "comment" }/comment = "comment", response_id = "response_id" }/' \
    "$work/cxreport.toml" >"$work/ids.toml"
  echo
  echo "with response ids mapped: ${rows[-1]} rows, cxreport build"
  measure target/release/cxreport build -v --config "$work/ids.toml" --output "$output"
  printf '%8s s, %s MiB, %.2f x the build without them\n' "$t" "$m" "$(echo "$t / ${times[cxreport]}" | bc -l)"
  mkdir -p "$work/twice"
  ln -sf ../bench.csv "$work/twice/a.csv"
  ln -sf ../bench.csv "$work/twice/b.csv"
  sed 's|files = "bench.csv"|files = "twice/*.csv"|' "$work/ids.toml" >"$work/twice.toml"
  echo "the same file twice, every row of the second repeating an id of the first: cxreport build"
  measure target/release/cxreport build -v --config "$work/twice.toml" --output "$output"
  printf '%8s s, %s MiB\n' "$t" "$m"
fi

tallied=${TALLIED-1}
if [ -n "$tallied" ]; then
  # A warehouse's way to a report: DuckDB tallies the answers (scripts/bench_tally.py), and
  # cxreport reads the tallies through its count column. The comparison is the same report
  # from the answers: no agent (400 agents make nearly every answer its own combination) and no
  # comments (a tally has none).
  grep -v agent_id "$work/cxreport.toml" | sed 's/, comment = "comment" }/ }/' >"$work/plain.toml"
  sed -e 's/files = "bench.csv"/files = "tallied.csv"/' \
      -e 's/date = "submitted_at" }/date = "day", count = "n" }/' \
      "$work/plain.toml" >"$work/tallied.toml"
  echo
  echo "tallied by a warehouse first: ${rows[-1]} rows"
  measure "$work/venv/bin/python" scripts/bench_tally.py "$work/bench.csv" "$work/tallied.csv"
  printf '  DuckDB tallies them into %s rows: %8s s, %s MiB\n' "$(cat "$work/stdout")" "$t" "$m"
  tally=$t
  measure target/release/cxreport build -v --config "$work/tallied.toml" --output "$output"
  "$work/venv/bin/python" scripts/bench_compare.py "$output/metrics.json" "$work/duckdb.json" >/dev/null
  printf '  cxreport build from the tallies:   %8s s, %s MiB (counts agree)\n' "$t" "$m"
  printf '  together:                          %8.2f s\n' "$(echo "$tally + $t" | bc -l)"
  cp "$output/metrics.json" "$work/tallied-metrics.json"
  measure target/release/cxreport build -v --config "$work/plain.toml" --output "$output"
  # Every figure the same, but for the files read and the count column named.
  "$work/venv/bin/python" - "$output/metrics.json" "$work/tallied-metrics.json" <<'PY'
import json, sys
a, b = (json.load(open(path)) for path in sys.argv[1:])
for survey in a["surveys"] + b["surveys"]:
    survey.pop("files", None)
    survey.pop("count_column", None)
sys.exit(a != b)
PY
  printf '  cxreport build from the answers:   %8s s, %s MiB (the same metrics.json)\n' "$t" "$m"
fi

parts=${PARTS-1}
if [ -n "$parts" ]; then
  echo
  echo "reading and computing by part: ${rows[-1]} rows, cxreport check"
  printf '%-42s %8s %12s\n' "columns mapped" seconds "CPU seconds"
  for part in "score, date" "score, date, dimensions" "score, date, comment" "all"; do
    # The benchmark's configuration without the comment column or without the dimensions.
    config=$(cat "$work/cxreport.toml")
    case $part in *dimensions*|all) ;; *) config=${config%%dimensions = \[*}; esac
    case $part in *comment*|all) ;; *) config=${config/, comment = \"comment\"/}; esac
    echo "$config" >"$work/part.toml"
    measure target/release/cxreport check --config "$work/part.toml"
    printf '%-42s %8s %12s\n' "$part" "$t" "$cpu"
  done
  for mode in "" --dimensions; do
    measure target/release/examples/read-floor "$work/bench.csv" $mode
    counts=$(sed -n 's/.*answers per score \(\[.*\]\)$/\1/p' "$work/stdout")
    "$work/venv/bin/python" - "$work/build-metrics.json" "$counts" <<'PY'
import json, sys
total = json.load(open(sys.argv[1]))["surveys"][0]["overall"]["total"]
if total["distribution"] != json.loads(sys.argv[2]):
    sys.exit(f"read-floor counted {sys.argv[2]}, cxreport {total['distribution']}")
PY
    printf '%-42s %8s %12s\n' "floor, one core: score, date${mode:+, dimensions}" "$t" "$cpu"
  done
fi

workbook_rows=${WORKBOOK_ROWS-100000}
if [ -n "$workbook_rows" ]; then
  echo
  echo "a workbook against the same rows as CSV (cxreport check)"
  printf '%-10s %-6s %8s %12s %10s %10s\n' rows file seconds "rows/s" "peak MiB" MB
  for n in $workbook_rows; do
    target/release/examples/gen-bench "$n" "$work/bench.csv"
    "$work/venv/bin/python" scripts/bench_workbook.py "$work/bench.csv" "$work/bench.xlsx"
    for file in csv xlsx; do
      sed "s/^files = .*/files = \"bench.$file\"/" "$work/cxreport.toml" >"$work/$file.toml"
      measure target/release/cxreport check --config "$work/$file.toml"
      # What check found (rows, empty scores, period), without the file's name.
      sed -n 's/^bench ([^)]*): //p' "$work/stdout" >"$work/found.$file"
      size=$(stat -c %s "$work/bench.$file")
      printf '%-10s %-6s %8s %12.0f %10s %10.1f\n' "$n" "$file" "$t" "$(echo "$n / $t" | bc -l)" "$m" \
        "$(echo "$size / 1000000" | bc -l)"
    done
    cmp -s "$work/found.csv" "$work/found.xlsx" || {
      echo "the workbook and the CSV read differently:" >&2
      cat "$work/found.csv" "$work/found.xlsx" >&2
      exit 1
    }
    echo "  both read: $(cat "$work/found.csv")"
  done
fi

segments=${SEGMENTS-10 100 1000}
if [ -n "$segments" ]; then
  segment_rows=${SEGMENT_ROWS:-1000000}
  echo
  echo "scaling in segment values: $segment_rows rows, one page per agent (cxreport build)"
  printf '%-8s %8s %8s %10s %14s\n' agents pages seconds "peak MiB" "pages seconds"
  for agents in $segments; do
    target/release/examples/gen-bench "$segment_rows" "$work/bench.csv" "$agents"
    cat "$work/bench.csv" >/dev/null
    measure "${build[@]}"
    pages=$(sed -n 's/^Built .*answers, \([0-9,]*\) pages.*/\1/p' "$work/stdout" | tr -d ,)
    render=$(sed -n 's/^Time: .*pages \([0-9.]*\) s.*/\1/p' "$work/stdout")
    printf '%-8s %8s %8s %10s %14s\n' "$agents" "$pages" "$t" "$m" "$render"
  done
fi
