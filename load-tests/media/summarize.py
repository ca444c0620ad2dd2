#!/usr/bin/env python3
"""Tables from the per-step JSON of load-tests/run-media-benchmark.sh (one file per server and N).

    python3 load-tests/media/summarize.py RESULTS_DIR [--light-max N]

Reads <server>-idle.json and <server>-<N>.json for server in headwater, nginx and prints Markdown:
one table per server, then the comparison at each N both ran, the Headwater/nginx CPU-per-publisher
ratio, and the marginal cost per publisher: the least-squares slope of cores, RSS and live heap over
the steps where every publisher kept up, and the CPU slope at light load (kept-up steps with
10 <= N <= --light-max, default 80), before a 2-core machine is busy and reads start to batch up.
"""
import json
import os
import re
import sys

SERVER_PROCESS = {"headwater": "node", "nginx": "nginx"}


def load(directory):
    runs = {}
    for name in os.listdir(directory):
        m = re.fullmatch(r"(headwater|nginx)-(idle|\d+)\.json", name)
        if not m:
            continue
        with open(os.path.join(directory, name)) as f:
            runs.setdefault(m.group(1), {})[m.group(2)] = json.load(f)
    return runs


def mib(kb):
    return kb / 1024.0


def slope(points):
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in points) / sxx


def steps(server_runs):
    return sorted(int(k) for k in server_runs if k != "idle")


LIGHT_MAX = 80


def light_slope(runs, proc):
    pts = [(n, runs[str(n)]["cores"].get(proc, 0.0)) for n in steps(runs)
           if 10 <= n <= LIGHT_MAX and runs[str(n)]["allKeptUp"]]
    return slope(pts)


def server_table(server, runs):
    proc = SERVER_PROCESS[server]
    idle = runs.get("idle")
    idle_cores = idle["cores"].get(proc, 0.0) if idle else 0.0
    idle_rss = idle["rssKbEnd"].get(proc, 0) if idle else 0
    extra = "cassandra" if server == "headwater" else None
    out = [f"### {server}", ""]
    if idle:
        line = f"Idle ({idle['windowSeconds']:.0f} s, no publisher): {proc} {idle_cores:.3f} cores, RSS {mib(idle_rss):.0f} MiB"
        if extra and extra in idle["cores"]:
            line += f"; {extra} {idle['cores'][extra]:.3f} cores, RSS {mib(idle['rssKbEnd'].get(extra, 0)):.0f} MiB"
        if idle.get("liveHeapKbAfterFullGc", {}).get(proc):
            line += f"; live heap after a full GC {mib(idle['liveHeapKbAfterFullGc'][proc]):.0f} MiB"
        out += [line, ""]
    head = ["N", "kept up", f"{proc} cores", "cores/publisher", "above idle /publisher (millicores)",
            f"{proc} RSS MiB", "RSS above idle /publisher MiB"]
    heap = bool(idle and idle.get("liveHeapKbAfterFullGc", {}).get(proc))
    idle_heap = idle["liveHeapKbAfterFullGc"][proc] if heap else 0
    if heap:
        head += ["live heap MiB", "live heap above idle /publisher MiB"]
    if extra:
        head += [f"{extra} cores", f"{extra} RSS MiB"]
    head += ["send lateness p99 ms", "ack delay p99 / max ms", "driver cores", "other processes cores",
             "machine busy cores"]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for n in steps(runs):
        r = runs[str(n)]
        cores = r["cores"].get(proc, 0.0)
        rss = r["rssKbEnd"].get(proc, 0)
        kept = f"{'yes' if r['allKeptUp'] else 'no'} ({r['keptUp']}/{n})"
        row = [str(n), kept, f"{cores:.3f}", f"{cores / n:.4f}", f"{(cores - idle_cores) / n * 1000:.1f}",
               f"{mib(rss):.0f}", f"{mib(rss - idle_rss) / n:.2f}"]
        if heap:
            live = r.get("liveHeapKbAfterFullGc", {}).get(proc)
            row += [f"{mib(live):.0f}", f"{mib(live - idle_heap) / n:.2f}"] if live else ["", ""]
        if extra:
            row += [f"{r['cores'].get(extra, 0.0):.3f}", f"{mib(r['rssKbEnd'].get(extra, 0)):.0f}"]
        c = r["cores"]
        others = c["machineBusy"] - sum(v for k, v in c.items() if k not in ("machineBusy", "machineTotal"))
        row += [f"{r['latenessMs']['p99']:.1f}", f"{r['ackDelayMs']['p99']:.0f} / {r['ackDelayMs']['max']:.0f}",
                f"{c['driver']:.2f}", f"{max(0.0, others):.2f}", f"{c['machineBusy']:.2f}"]
        out.append("| " + " | ".join(row) + " |")
        if not r["allKeptUp"]:
            reasons = ", ".join(f"{k}: {v}" for k, v in r["notKeptUpReasons"].items())
            errors = "; ".join(f"{k} (x{v})" for k, v in r["errors"].items())
            out.append(f"|  | ↳ not kept up: {reasons}" + (f"; errors: {errors}" if errors else "") + " |")
    kept = [(n, runs[str(n)]) for n in steps(runs) if runs[str(n)]["allKeptUp"]]
    s_cpu = slope([(n, r["cores"].get(proc, 0.0)) for n, r in kept])
    s_rss = slope([(n, mib(r["rssKbEnd"].get(proc, 0))) for n, r in kept])
    s_heap = slope([(n, mib(r["liveHeapKbAfterFullGc"][proc])) for n, r in kept
                    if r.get("liveHeapKbAfterFullGc", {}).get(proc)])
    failed = [n for n in steps(runs) if not runs[str(n)]["allKeptUp"]]
    out.append("")
    if s_cpu is not None:
        out.append(f"Marginal cost per publisher (slope over the {len(kept)} kept-up steps): "
                   f"{s_cpu * 1000:.1f} millicores, {s_rss:.2f} MiB RSS"
                   + (f", {s_heap:.2f} MiB live heap." if s_heap is not None else "."))
    s_light = light_slope(runs, proc)
    if s_light is not None:
        out.append(f"Marginal CPU per publisher at light load (kept-up steps with 10 <= N <= {LIGHT_MAX}): "
                   f"{s_light * 1000:.1f} millicores.")
    out.append(f"Largest N kept up: {max((n for n, _ in kept), default=0)}; "
               + (f"first N not kept up: {failed[0]}." if failed else "every step kept up."))
    out.append("")
    return out, s_cpu


def main():
    global LIGHT_MAX
    directory = sys.argv[1]
    if len(sys.argv) > 3 and sys.argv[2] == "--light-max":
        LIGHT_MAX = int(sys.argv[3])
    runs = load(directory)
    lines = []
    slopes = {}
    for server in ("headwater", "nginx"):
        if server in runs:
            table, s = server_table(server, runs[server])
            lines += table
            slopes[server] = s
    if "headwater" in runs and "nginx" in runs:
        hw, ng = runs["headwater"], runs["nginx"]
        hw_idle = hw.get("idle", {}).get("cores", {}).get("node", 0.0)
        ng_idle = ng.get("idle", {}).get("cores", {}).get("nginx", 0.0)
        common = sorted(set(steps(hw)) & set(steps(ng)))
        lines += ["### Headwater vs nginx", "",
                  "| N | Headwater node cores | nginx cores | Headwater cores/publisher | nginx cores/publisher "
                  "| ratio | ratio above idle | Headwater RSS MiB | nginx RSS MiB | kept up (Headwater / nginx) |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        best = None
        for n in common:
            a, b = hw[str(n)], ng[str(n)]
            ca, cb = a["cores"].get("node", 0.0), b["cores"].get("nginx", 0.0)
            ratio = f"{ca / cb:.1f}" if cb > 0 else "n/a"
            above = f"{(ca - hw_idle) / (cb - ng_idle):.1f}" if cb - ng_idle > 0 else "n/a"
            lines.append(f"| {n} | {ca:.3f} | {cb:.3f} | {ca / n:.4f} | {cb / n:.4f} | {ratio} | {above} "
                         f"| {mib(a['rssKbEnd'].get('node', 0)):.0f} | {mib(b['rssKbEnd'].get('nginx', 0)):.0f} "
                         f"| {'yes' if a['allKeptUp'] else 'no'} / {'yes' if b['allKeptUp'] else 'no'} |")
            if a["allKeptUp"] and b["allKeptUp"] and cb > 0:
                best = (n, ca / n, cb / n)
        lines.append("")
        if best:
            n, pa, pb = best
            lines.append(f"At N = {n}, the largest step both kept up: Headwater {pa * 1000:.1f} millicores per "
                         f"publisher, nginx {pb * 1000:.1f}; ratio {pa / pb:.1f}.")
        if slopes.get("headwater") and slopes.get("nginx"):
            lines.append(f"Marginal (slope) ratio over all kept-up steps: {slopes['headwater'] / slopes['nginx']:.1f} "
                         f"({slopes['headwater'] * 1000:.1f} vs {slopes['nginx'] * 1000:.1f} millicores per publisher).")
        la, lb = light_slope(hw, "node"), light_slope(ng, "nginx")
        if la and lb:
            lines.append(f"Marginal ratio at light load (10 <= N <= {LIGHT_MAX}): {la / lb:.1f} "
                         f"({la * 1000:.1f} vs {lb * 1000:.1f} millicores per publisher).")
        lines.append("")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
