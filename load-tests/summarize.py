#!/usr/bin/env python3
"""Summary of one Gatling run of LiveInputApiSimulation, read from its binary simulation.log.

    python3 load-tests/summarize.py target/gatling/liveinputapisimulation-<timestamp>/ [--markdown]

Gatling 3.12+ writes simulation.log in a binary format and its HTML report only gives rates averaged over
the whole run, which is wrong for requests that ran in one phase only. This reads the log itself
(format of Gatling 3.15's LogFileDataWriter) and prints, per request name: count, failures, requests/s
over the span that request name was sent in (first start to last end), and the p50/p95/p99/max response
times in ms (nearest rank, as exact values; Gatling's report may differ by a millisecond). Then the
throughput ratios get-live-input / healthz, open model and saturation, and the create latencies.
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


ORDER = ["healthz", "get-live-input", "create-live-input", "get-new-live-input", "list-live-inputs",
         "update-live-input", "delete-live-input", "healthz-sat", "get-live-input-sat"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", help="a Gatling report directory, or its simulation.log")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    path = args.report
    if os.path.isdir(path):
        path = os.path.join(path, "simulation.log")
    run, requests, errors, truncated = read_log(path)
    table = {name: stats(samples) for name, samples in requests.items()}
    names = [n for n in ORDER if n in table] + sorted(n for n in table if n not in ORDER)

    print(f"Gatling {run['version']}, {run['simulation']}, {path}" + (" (log truncated)" if truncated else ""))
    if args.markdown:
        print()
        print("| request | count | KO | window (s) | req/s | p50 ms | p95 ms | p99 ms | max ms | mean ms |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n in names:
            s = table[n]
            print(f"| {n} | {s['count']} | {s['ko']} | {s['from_s']:.0f}+{s['span_s']:.1f} | {s['rps']:.1f} "
                  f"| {s['p50']} | {s['p95']} | {s['p99']} | {s['max']} | {s['mean']:.1f} |")
    else:
        print(f"{'request':<20} {'count':>8} {'KO':>5} {'window s':>11} {'req/s':>9} "
              f"{'p50':>6} {'p95':>6} {'p99':>6} {'max':>6} {'mean':>7}  (ms)")
        for n in names:
            s = table[n]
            window = f"{s['from_s']:.0f}+{s['span_s']:.1f}"
            print(f"{n:<20} {s['count']:>8} {s['ko']:>5} {window:>11} {s['rps']:>9.1f} "
                  f"{s['p50']:>6} {s['p95']:>6} {s['p99']:>6} {s['max']:>6} {s['mean']:>7.1f}")
    print()

    def ratio(a, b, label):
        if a in table and b in table:
            print(f"{label}: {a} {table[a]['rps']:.1f} req/s / {b} {table[b]['rps']:.1f} req/s"
                  f" = {table[a]['rps'] / table[b]['rps']:.3f}")

    ratio("get-live-input", "healthz", "throughput ratio, open model (fixed offered rate: ~1 by construction)")
    ratio("get-live-input-sat", "healthz-sat", "throughput ratio at saturation (closed model)")
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
