#!/usr/bin/env python3
"""Tables from the per-run JSON of load-tests/run-srt-benchmark.sh.

    python3 summarize-srt.py RESULTS_DIR      Markdown: the steps, the ratios, the marginal costs, the rates
    python3 summarize-srt.py --line RUN.json  one line on a run, for the script's log
    python3 summarize-srt.py --whole RUN.json exit 0 if the run arrived whole, 1 if not

A run arrived whole when every publisher kept its real-time pace (at least 0.97 s of media a second in the
window) and, for SRT, every connection reported its counts with nothing dropped too late, beyond the
buffer or undecryptable, and no MPEG-TS continuity gap (Headwater checks continuity; srt-live-transmit
writes to /dev/null and does not). Mbit/s are the stream file's bytes over its duration (what the SRT
publisher sends, MPEG-TS overhead included) times the publishers' pace; the RTMP target carries the same
media remuxed to FLV, about 5 % fewer bytes, counted at the same rate so "per Mbit/s" means per the same
media.
"""
import json
import os
import re
import sys

TARGETS = ("headwater-srt", "headwater-rtmp", "srt-live-transmit")
MIN_PACE = 0.97
LOSS_KEYS = ("packetsDroppedTooLate", "packetsBeyondBuffer", "packetsUndecryptable", "tsContinuityErrors")


def whole(run):
    if min(run["paces"], default=0) < MIN_PACE:
        return False
    if run["target"] == "headwater-rtmp":
        return True
    r = run["receivers"]
    return r.get("connections", 0) == run["publishers"] and all(r.get(k, 0) == 0 for k in LOSS_KEYS)


def mbps_in(run):
    return run["streamMbps"] * sum(run["paces"])


def per_mbps(run):
    """Millicores per Mbit/s in, or an empty cell when nothing came in (a stalled publisher)."""
    return f"{cores(run) / mbps_in(run) * 1000:.2f}" if mbps_in(run) > 0.01 else ""


def mib(kb):
    return kb / 1024.0


def cores(run):
    return run["window"]["cores"]["server"]


def heap_mib(run):
    kb = run["window"].get("liveHeapKbAfterFullGc", {}).get("server")
    return mib(kb) if kb else None


def losses(run):
    r = run["receivers"]
    if run["target"] == "headwater-rtmp" or not r:
        return "(TCP)"
    text = (f"{r.get('packetsLost', 0)} / {r.get('packetsRetransmitted', 0)} / {r.get('packetsDroppedTooLate', 0)}")
    if "tsContinuityErrors" in r:
        text += f" / {r['tsContinuityErrors']}"
    return text


def line(run):
    w = run["window"]
    text = (f"{run['target']} N={run['publishers']} at {run['streamMbps']:.2f} Mbit/s: "
            f"{'whole' if whole(run) else 'NOT whole'}, pace min {min(run['paces'], default=0):.3f}, "
            f"{mbps_in(run):.1f} Mbit/s in, server {cores(run):.3f} cores "
            f"({per_mbps(run)} millicores per Mbit/s), "
            f"RSS {mib(w['rssKb']['server']):.0f} MiB")
    if heap_mib(run) is not None:
        text += f", live heap {heap_mib(run):.0f} MiB"
    text += (f"; publishers {w['cores']['publishers']:.2f} cores, machine busy {w['machineBusyCores']:.2f}; "
             f"receivers {json.dumps(run['receivers'])}")
    return text


def slope(points):
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return None if sxx == 0 else sum((x - mx) * (y - my) for x, y in points) / sxx


def load(directory):
    steps, rates, idle = {}, {}, None
    for name in os.listdir(directory):
        m = re.fullmatch(r"(headwater-srt|headwater-rtmp|srt-live-transmit)-(rate-)?(\d+)\.json", name)
        path = os.path.join(directory, name)
        if m:
            (rates if m.group(2) else steps).setdefault(m.group(1), {})[int(m.group(3))] = json.load(open(path))
        elif name == "headwater-idle.json":
            idle = json.load(open(path))
    return steps, rates, idle


def fmt(x, spec=".1f"):
    return "" if x is None else format(x, spec)


def tables(directory):
    steps, rates, idle = load(directory)
    out = []
    idle_rss = mib(idle["window"]["rssKb"]["server"]) if idle else None
    idle_heap = heap_mib(idle) if idle else None
    if idle:
        out += [f"Headwater idle ({idle['window']['windowSeconds']:.0f} s, no publisher): node "
                f"{cores(idle):.3f} cores, RSS {idle_rss:.0f} MiB, live heap {fmt(idle_heap, '.0f')} MiB.", ""]
    out += ["### N publishers at the workload's rate", "",
            "| target | N | Mbit/s in | whole | server cores | millicores per Mbit/s | server RSS MiB "
            "| memory per connection MiB | live heap MiB | SRT lost / retransmitted / dropped / TS gaps "
            "| Cassandra cores | publishers' cores | machine busy cores |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for target in TARGETS:
        for n, run in sorted(steps.get(target, {}).items()):
            rss = mib(run["window"]["rssKb"]["server"])
            if target == "srt-live-transmit":
                per_conn = mib(run["window"]["pssKb"]["server"]) / n
            elif heap_mib(run) is not None and idle_heap is not None:
                per_conn = (heap_mib(run) - idle_heap) / n
            else:
                per_conn = None
            out.append("| " + " | ".join([
                target, str(n), f"{mbps_in(run):.1f}", "yes" if whole(run) else "**no**", f"{cores(run):.3f}",
                per_mbps(run), f"{rss:.0f}", fmt(per_conn, ".2f"), fmt(heap_mib(run), ".0f"),
                losses(run), fmt(run["window"]["cores"].get("cassandra"), ".3f"),
                f"{run['window']['cores']['publishers']:.2f}",
                f"{run['window']['machineBusyCores']:.2f}"]) + " |")
    out += ["", "Server cores: the node JVM alone for Headwater (its embedded Cassandra has its own column), "
            "all the listener processes for srt-live-transmit. Memory per connection: for Headwater its live heap "
            "after a full GC above the idle node's, over N (the node's RSS is mostly heap it has committed, which "
            "follows the collector more than the load); for srt-live-transmit, one process per connection, its "
            "proportional set size (PSS: shared library pages split between the processes).", ""]

    out += ["### CPU per Mbit/s: Headwater SRT as a ratio", "",
            "| N | Headwater SRT millicores per Mbit/s | ÷ Headwater RTMP | ÷ srt-live-transmit |",
            "|---|---|---|---|"]
    srt = steps.get("headwater-srt", {})
    for n, run in sorted(srt.items()):
        if mbps_in(run) <= 0.01:
            continue
        mine = cores(run) / mbps_in(run)
        ratio = []
        for other in ("headwater-rtmp", "srt-live-transmit"):
            o = steps.get(other, {}).get(n)
            ratio.append(f"{mine / (cores(o) / mbps_in(o)):.2f}" if o and mbps_in(o) > 0.01 and cores(o) > 0 else "")
        out.append(f"| {n} | {mine * 1000:.2f} | " + " | ".join(ratio) + " |")
    out += ["", "### Marginal cost (least-squares slope over the steps that arrived whole)", "",
            "| target | millicores per added Mbit/s | RSS MiB per added connection | PSS MiB per added connection "
            "| live heap MiB per added connection |",
            "|---|---|---|---|---|"]
    marginal = {}
    for target in TARGETS:
        kept = [r for _, r in sorted(steps.get(target, {}).items()) if whole(r)]
        cpu = slope([(mbps_in(r), cores(r)) for r in kept])
        rss = slope([(r["publishers"], mib(r["window"]["rssKb"]["server"])) for r in kept])
        pss = slope([(r["publishers"], mib(r["window"]["pssKb"]["server"])) for r in kept])
        heap = slope([(r["publishers"], heap_mib(r)) for r in kept if heap_mib(r) is not None])
        marginal[target] = cpu
        if kept:
            out.append(f"| {target} | {fmt(cpu and cpu * 1000, '.2f')} | {fmt(rss, '.2f')} | {fmt(pss, '.2f')} "
                       f"| {fmt(heap, '.3f')} |")
    if marginal.get("headwater-srt"):
        ratios = [f"÷ {t}: {marginal['headwater-srt'] / marginal[t]:.2f}" for t in ("headwater-rtmp", "srt-live-transmit")
                  if marginal.get(t)]
        if ratios:
            out += ["", "Marginal CPU per Mbit/s of Headwater SRT " + ", ".join(ratios) + "."]

    out += ["", "### One publisher at increasing rates", "",
            "| target | stream Mbit/s | Mbit/s in | whole | SRT lost / retransmitted / dropped / TS gaps "
            "| server cores | millicores per Mbit/s | publisher pace |", "|---|---|---|---|---|---|---|---|"]
    best = {}
    for target in TARGETS:
        for r, run in sorted(rates.get(target, {}).items()):
            ok = whole(run)
            if ok:
                best[target] = max(best.get(target, 0), run["streamMbps"])
            out.append("| " + " | ".join([
                target, f"{run['streamMbps']:.1f}", f"{mbps_in(run):.1f}", "yes" if ok else "**no**", losses(run),
                f"{cores(run):.3f}", per_mbps(run),
                f"{min(run['paces'], default=0):.3f}"]) + " |")
    out.append("")
    for target in TARGETS:
        if target in rates:
            out.append(f"Highest single-stream rate {target} took whole: "
                       + (f"{best[target]:.1f} Mbit/s." if target in best else "none of the rates run arrived whole."))
    return "\n".join(out)


def main():
    if sys.argv[1] == "--line":
        print(line(json.load(open(sys.argv[2]))))
    elif sys.argv[1] == "--whole":
        sys.exit(0 if whole(json.load(open(sys.argv[2]))) else 1)
    else:
        print(tables(sys.argv[1]))


if __name__ == "__main__":
    main()
