"""Turns bench/out/results.tsv into a Markdown table with ratios to Tilewright's row
(for the scaling case, to its smallest size). CPU time (user + sys) stands beside the wall
time, with their ratio: the cores a run kept busy. Tilewright rows also show their peak RSS
above the baseline of case 0 (the JVM with the library loaded, which every run carries)."""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
base = {}
for r in rows:
    # Each case's reference is its "tilewright" row, or (scaling, baseline) its first row.
    ok = r["seconds"] != "failed"
    if ok and (r["tool"] == "tilewright" or r["case"] not in base):
        base[r["case"]] = r
baseline_kb = next((float(r["peak_kb"]) for r in rows if r["tool"] == "tilewright-baseline"
                    and r["seconds"] != "failed"), None)


def ratio(value, reference):
    try:
        return "%.2f" % (float(value) / float(reference))
    except (ValueError, ZeroDivisionError, TypeError):
        return "-"


def above_baseline(r):
    if baseline_kb is None or not r["tool"].startswith("tilewright") or r["case"] == "0":
        return "-"
    try:
        return "%.0f" % ((float(r["peak_kb"]) - baseline_kb) / 1024)
    except ValueError:
        return "-"


print("| case | tool | wall s | CPU s | CPU / wall | peak RSS MB | above baseline MB | output MB "
      "| time / tilewright | RSS / tilewright | size / tilewright | verified |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for r in rows:
    b = base.get(r["case"], {})
    failed = r["seconds"] == "failed"
    mb = "-" if failed else "%.0f" % (float(r["peak_kb"]) / 1024)
    size = "-" if failed or r["bytes"] in ("0", "-") else "%.1f" % (float(r["bytes"]) / 1e6)
    print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        r["case"], r["tool"], r["seconds"], r["cpu_s"], ratio(r["cpu_s"], r["seconds"]), mb, above_baseline(r),
        size, ratio(r["seconds"], b.get("seconds")), ratio(r["peak_kb"], b.get("peak_kb")),
        ratio(r["bytes"], b.get("bytes")) if size != "-" else "-", r["verified"]))
