#!/usr/bin/env python3
"""Summary of one Gatling run of LiveInputApiSimulation, read from its binary simulation.log.

    python3 load-tests/summarize.py target/gatling/liveinputapisimulation-<timestamp>/ [--markdown]

Gatling 3.12+ writes simulation.log in a binary format and its HTML report only gives rates averaged over
the whole run, which is wrong for requests that ran in one phase only. This reads the log itself
(format of Gatling 3.15's LogFileDataWriter) and prints, per request name: count, failures, requests/s
over the span that request name was sent in (first start to last end), and the p50/p95/p99/max response
times in ms (nearest rank, as exact values; Gatling's report may differ by a millisecond). Then the
throughput ratios get-live-input / healthz, open model and saturation, and the create latencies.

With --cpu FILE (written by cpu-sample.py) it adds, per request name, the cores used during its window by
the node JVM, the embedded Cassandra, the load generator (Maven + Gatling), the kernel's irq/softirq
handling, other processes, and the whole machine.
"""
import argparse
import math
import os
import struct
import sys


class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0
        self.cache = {}

    def eof(self):
        return self.pos >= len(self.data)

    def take(self, n):
        if self.pos + n > len(self.data):
            raise EOFError
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def byte(self):
        return self.take(1)[0]

    def boolean(self):
        return self.byte() != 0

    def int(self):
        return struct.unpack(">i", self.take(4))[0]

    def long(self):
        return struct.unpack(">q", self.take(8))[0]

    def string(self):
        length = self.int()
        if length == 0:
            return ""
        raw = self.take(length)
        coder = self.byte()  # java.lang.String's coder: 0 = LATIN1, 1 = UTF16 (little-endian on x86/arm)
        return raw.decode("latin-1") if coder == 0 else raw.decode("utf-16-le")

    def cached_string(self):
        index = self.int()
        if index < 0:
            return self.cache[-index]
        value = self.string()
        self.cache[index] = value
        return value

    def groups(self):
        return [self.cached_string() for _ in range(self.int())]


def read_log(path):
    with open(path, "rb") as f:
        r = Reader(f.read())
    if r.byte() != 0:
        raise SystemExit(f"{path}: not a Gatling 3.12+ binary simulation.log")
    run = {"version": r.string(), "simulation": r.string(), "start": r.long(), "description": r.string()}
    run["scenarios"] = [r.string() for _ in range(r.int())]
    for _ in range(r.int()):  # assertions, pickled
        r.take(r.int())
    requests = {}  # name -> list of (start, end, ok)
    errors = {}
    truncated = False
    try:
        while not r.eof():
            header = r.byte()
            if header == 1:  # request
                r.groups()
                name = r.cached_string()
                start, end, ok = r.int(), r.int(), r.boolean()
                r.cached_string()  # failure message
                requests.setdefault(name, []).append((start, end, ok))
            elif header == 2:  # user start/end
                r.int(); r.boolean(); r.int()
            elif header == 3:  # group
                r.groups(); r.int(); r.int(); r.int(); r.boolean()
            elif header == 4:  # error
                message = r.cached_string()
                r.int()
                errors[message] = errors.get(message, 0) + 1
            else:
                raise SystemExit(f"{path}: unknown record type {header} at byte {r.pos - 1}"
                                 f" (written by Gatling {run['version']}; this reads 3.12 to 3.15)")
    except EOFError:
        truncated = True
    return run, requests, errors, truncated


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def stats(samples):
    times = sorted(end - start for start, end, _ in samples)
    first = min(start for start, _, _ in samples)
    last = max(end for _, end, _ in samples)
    span = max(last - first, 1) / 1000.0
    return {
        "count": len(samples),
        "ko": sum(1 for *_, ok in samples if not ok),
        "span_s": span,
        "rps": len(samples) / span,
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "max": times[-1],
        "mean": sum(times) / len(times),
        "from_s": first / 1000.0,
    }


def read_cpu(path):
    samples = []
    with open(path) as f:
        for line in f:
            if not line.startswith("#"):
                samples.append([float(x) for x in line.split()])
    return samples


def cpu_in_window(samples, start_ms, end_ms):
    """Cores used by each sampled party between start_ms and end_ms (nearest samples outside the window)."""
    before = [x for x in samples if x[0] <= start_ms]
    after = [x for x in samples if x[0] >= end_ms]
    if not before or not after:
        return None
    a, b = before[-1], after[0]
    seconds = (b[0] - a[0]) / 1000.0
    if seconds <= 0:
        return None
    node, cassandra, load, irq, busy, total = ((b[i] - a[i]) / seconds for i in range(1, 7))
    return {"node": node, "cassandra": cassandra, "load": load, "irq": irq, "busy": busy, "cores": total,
            "other": max(0.0, busy - node - cassandra - load - irq)}


CPU_PARTS = ("node", "cassandra", "load", "irq", "other", "busy")

ORDER = ["healthz", "get-live-input", "create-live-input", "get-new-live-input", "list-live-inputs",
         "update-live-input", "delete-live-input", "healthz-sat", "get-live-input-sat"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", help="a Gatling report directory, or its simulation.log")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--cpu", help="CPU samples written by cpu-sample.py during the run")
    args = parser.parse_args()
    path = args.report
    if os.path.isdir(path):
        path = os.path.join(path, "simulation.log")
    run, requests, errors, truncated = read_log(path)
    table = {name: stats(samples) for name, samples in requests.items()}
    names = [n for n in ORDER if n in table] + sorted(n for n in table if n not in ORDER)
    cpu = {}
    if args.cpu and os.path.exists(args.cpu):
        samples = read_cpu(args.cpu)
        for n in names:
            start = run["start"] + table[n]["from_s"] * 1000
            cpu[n] = cpu_in_window(samples, start, start + table[n]["span_s"] * 1000)

    def cpu_cells(n, fmt):
        c = cpu.get(n)
        if not c:
            return [fmt("")] * len(CPU_PARTS)
        return [fmt(f"{c[k]:.2f}") for k in CPU_PARTS]

    print(f"Gatling {run['version']}, {run['simulation']}, {path}" + (" (log truncated)" if truncated else ""))
    if args.markdown:
        print()
        cpu_head = " CPU node | CPU Cassandra | CPU Gatling | CPU irq | CPU other | CPU busy |" if cpu else ""
        print("| request | count | KO | window (s) | req/s | p50 ms | p95 ms | p99 ms | max ms | mean ms |" + cpu_head)
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" * len(CPU_PARTS) if cpu else ""))
        for n in names:
            s = table[n]
            cells = "".join(f" {c} |" for c in cpu_cells(n, str)) if cpu else ""
            print(f"| {n} | {s['count']} | {s['ko']} | {s['from_s']:.0f}+{s['span_s']:.1f} | {s['rps']:.1f} "
                  f"| {s['p50']} | {s['p95']} | {s['p99']} | {s['max']} | {s['mean']:.1f} |" + cells)
    else:
        cpu_head = f" | cores: {'node':>5} {'cass':>5} {'gatl':>5} {'irq':>5} {'other':>5} {'busy':>5}" if cpu else ""
        print(f"{'request':<26} {'count':>7} {'KO':>4} {'window s':>9} {'req/s':>8} "
              f"{'p50':>5} {'p95':>5} {'p99':>5} {'max':>6} {'mean':>7}" + cpu_head)
        for n in names:
            s = table[n]
            window = f"{s['from_s']:.0f}+{s['span_s']:.1f}"
            cells = " |        " + " ".join(cpu_cells(n, lambda v: f"{v:>5}")) if cpu else ""
            print(f"{n:<26} {s['count']:>7} {s['ko']:>4} {window:>9} {s['rps']:>8.1f} "
                  f"{s['p50']:>5} {s['p95']:>5} {s['p99']:>5} {s['max']:>6} {s['mean']:>7.1f}" + cells)
        print("(times in ms; window = start offset + length in s" + ("; cores = CPU used in that window)" if cpu else ")"))
    print()

    def ratio(a, b, label):
        if a in table and b in table:
            print(f"{label}: {a} {table[a]['rps']:.1f} req/s / {b} {table[b]['rps']:.1f} req/s"
                  f" = {table[a]['rps'] / table[b]['rps']:.3f}")

    ratio("get-live-input", "healthz", "throughput ratio, open model (fixed offered rate: ~1 by construction)")
    ratio("get-live-input-sat", "healthz-sat", "throughput ratio at saturation (closed model)")
    if cpu.get("get-live-input-sat") and cpu.get("healthz-sat"):
        per_core = {n: table[n]["rps"] / max(cpu[n]["node"], 0.01) for n in ("get-live-input-sat", "healthz-sat")}
        print(f"per core of the node JVM at saturation: get-live-input-sat {per_core['get-live-input-sat']:.0f} req/s,"
              f" healthz-sat {per_core['healthz-sat']:.0f} req/s, ratio"
              f" {per_core['get-live-input-sat'] / per_core['healthz-sat']:.3f}")
    if "create-live-input" in table:
        c = table["create-live-input"]
        print(f"create-live-input latency: p50 {c['p50']} ms, p99 {c['p99']} ms ({c['count']} creates, {c['ko']} KO)")
    if errors:
        print("errors (requests Gatling could not build or send):")
        for message, count in sorted(errors.items(), key=lambda e: -e[1]):
            print(f"  {count:>6}  {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
