#!/usr/bin/env python3
"""The named normaliser of the golden-output test: removes what a run's clock decides
(timestamps, stage and wall seconds, training seconds) from JSON and from SQLite dumps, and
nothing else, so that two runs of the same inputs compare byte for byte."""
import json
import re
import sqlite3
import sys

TIMING_KEYS = {"started_at", "finished_at", "stage_seconds", "wall_s", "wall_seconds", "train_seconds",
               "seconds", "elapsed_s", "ask_ms", "ask_ms_mean", "simulation_wall_s", "wall_ms"}


def is_timing(key):
    return key in TIMING_KEYS or key.endswith("_seconds") or key.endswith("_wall_s") or key.startswith("wall_")


def scrub(value):
    if isinstance(value, dict):
        return {k: ("<time>" if is_timing(k) else scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def json_text(text):
    try:
        return json.dumps(scrub(json.loads(text)), indent=1, sort_keys=True)
    except ValueError:
        return text


STAGE_COLUMNS = {"sample_s", "build_s", "map_s", "simulate_s", "train_s", "total_s"}


def csv_text(path):
    """A CSV without its timing columns (train_seconds and the stage seconds)."""
    import csv
    import io
    rows = list(csv.reader(open(path, newline="")))
    if not rows:
        return ""
    keep = [i for i, name in enumerate(rows[0]) if not (is_timing(name) or name in STAGE_COLUMNS)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([row[i] for i in keep if i < len(row)])
    return out.getvalue()


def database(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        if table == "inputs":  # added after the recording: it fingerprints dataset files by their mtime
            continue
        cursor = db.execute(f'SELECT * FROM "{table}"')
        columns = [c[0] for c in cursor.description]
        out.append(f"# table {table}: {', '.join(columns)}")
        for row in cursor:
            cells = []
            for name, cell in zip(columns, row):
                if is_timing(name):
                    cell = "<time>"
                elif isinstance(cell, str) and cell[:1] in "{[":
                    cell = json_text(cell).replace("\n", " ")
                cells.append(f"{name}={cell}")
            out.append(" | ".join(str(c) for c in cells))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if sys.argv[1] == "json":
        sys.stdout.write(json_text(sys.stdin.read()) + "\n")
    elif sys.argv[1] == "csv":
        sys.stdout.write(csv_text(sys.argv[2]))
    elif sys.argv[1] == "db":
        sys.stdout.write(database(sys.argv[2]))
    else:
        sys.exit("usage: normalise.py json < FILE | normalise.py csv FILE.csv | normalise.py db FILE.db")
