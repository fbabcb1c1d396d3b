"""Turns bench/out/results.tsv into a Markdown table with ratios to Tilewright's row
(for the scaling case, to its smallest size)."""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
base = {}
for r in rows:
    # Each case's reference is its "tilewright" row, or (scaling) its first row.
    ok = r["seconds"] != "failed"
    if ok and (r["tool"] == "tilewright" or r["case"] not in base):
        base[r["case"]] = r


def ratio(value, reference):
    try:
        return "%.2f" % (float(value) / float(reference))
    except (ValueError, ZeroDivisionError):
        return "-"


print("| case | tool | wall s | peak RSS MB | output MB | time / tilewright | RSS / tilewright | size / tilewright | verified |")
print("|---|---|---:|---:|---:|---:|---:|---:|---|")
for r in rows:
    b = base.get(r["case"], {})
    failed = r["seconds"] == "failed"
    mb = "-" if failed else "%.0f" % (float(r["peak_kb"]) / 1024)
    size = "-" if failed or r["bytes"] in ("0", "-") else "%.1f" % (float(r["bytes"]) / 1e6)
    print("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        r["case"], r["tool"], r["seconds"], mb, size,
        ratio(r["seconds"], b.get("seconds")), ratio(r["peak_kb"], b.get("peak_kb")),
        ratio(r["bytes"], b.get("bytes")) if size != "-" else "-", r["verified"]))
