#!/usr/bin/env python3
"""Tables from the per-step JSON and samples of load-tests/run-hls-benchmark.sh.

    python3 load-tests/media/summarize-hls.py RESULTS_DIR

Reads <server>-idle.json and <server>-<mode>-<N>.json (server headwater or nginx, mode standard or ll),
and the matching .samples files, and prints Markdown: the live edge lag and time to first playlist per
step and pooled over the steps; the CPU per packaged stream per step, with the least-squares slope of
cores against N; and the Headwater/nginx ratios for standard HLS at each N both ran.
"""
import json
import math
import os
import re
import sys

from summarize import slope  # the RTMP ingest summary, beside this file

SERVER_PROCESSES = {"headwater": ["node"], "nginx": ["nginx", "nginx-master"]}
MODE_LABEL = {"standard": "standard", "ll": "LL-HLS"}


def load(directory):
    runs, idle = {}, {}
    for name in sorted(os.listdir(directory)):
        m = re.fullmatch(r"(headwater|nginx)-(standard|ll)-(\d+)\.json", name)
        if m:
            with open(os.path.join(directory, name)) as f:
                runs[(m.group(1), m.group(2), int(m.group(3)))] = json.load(f)
            continue
        m = re.fullmatch(r"(headwater|nginx)-idle\.json", name)
        if m:
            with open(os.path.join(directory, name)) as f:
                idle[m.group(1)] = json.load(f)
    return runs, idle


def samples(directory, server, mode, n):
    """Lag samples of one step: {"segment": [...], "part": [...]}, in ms."""
    out = {"segment": [], "part": []}
    path = os.path.join(directory, f"{server}-{mode}-{n}.samples")
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.split()
            out[fields[1]].append(float(fields[5]))
    return out


def pct(values, q):
    if not values:
        return None
    v = sorted(values)
    return v[max(0, min(len(v) - 1, math.ceil(q * len(v)) - 1))]


def mean(values):
    return sum(values) / len(values) if values else None


def fmt(v, digits=0):
    return "—" if v is None else f"{v:.{digits}f}"


def triple(stats):
    if not stats or not stats.get("count"):
        return "—"
    return f"{stats['p50']:.0f} / {stats['p95']:.0f} / {stats['max']:.0f}"


def response(run):
    stats = run.get("playlistResponseMs")
    if not stats or not stats.get("count"):
        return "—"
    return f"{stats['p50']:.1f} / {stats['p95']:.1f}"


def server_cores(run, server):
    return sum(run["cores"].get(p, 0.0) for p in SERVER_PROCESSES[server])


def series(keys):
    """The (server, mode) pairs among the steps: Headwater first, standard before LL-HLS."""
    return sorted({(k[0], k[1]) for k in keys}, key=lambda k: (k[0] != "headwater", k[1] != "standard"))


def ratio(a, b, digits=2):
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.{digits}f}"


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    directory = sys.argv[1]
    runs, idle = load(directory)
    if not runs:
        print(f"no <server>-<mode>-<N>.json in {directory}", file=sys.stderr)
        sys.exit(1)
    keys = sorted(runs, key=lambda k: (k[0] != "headwater", k[1] != "standard", k[2]))
    poll_ms = next(iter(runs.values()))["pollMs"]

    print("## Live edge lag and time to first playlist")
    print()
    print(f"Milliseconds. Standard HLS is polled every {poll_ms} ms on average, so a segment is seen up to "
          f"{1.5 * poll_ms:.0f} ms (on average 13/24 of the interval, {13 * poll_ms / 24:.0f} ms) after it was "
          "listed. LL-HLS parts are followed with blocking reloads. The first segment's lag is the time to first "
          "playlist minus that segment's duration. The response time of plain reloads is part of every "
          "standard-HLS lag.")
    print()
    print("| server | inputs | N | playlists | first playlist p50 / p95 / max | first segment lag p50 / max "
          "| segment lag p50 / p95 / max | segments | part lag p50 / p95 / max "
          "| parts | playlist req/s | plain reload response p50 / p95 | problems |")
    print("|---|---|---:|---:|---|---|---|---:|---|---:|---:|---|---|")
    for key in keys:
        server, mode, n = key
        r = runs[key]
        seg = r["segmentLagMs"]
        ll = mode == "ll"
        problems = []
        if r["published"] < n:
            problems.append(f"{n - r['published']} not published")
        if r["playlists"] < n:
            problems.append(f"{n - r['playlists']} without a playlist")
        for what in ("pollerErrors", "pollersStopped", "publisherErrors"):
            for k, v in r[what].items():
                problems.append(f"{v}× {k}")
        fsl = r.get("firstSegmentLagMs", {})
        print(f"| {server} | {MODE_LABEL[mode]} | {n} | {r['playlists']}/{n} | {triple(r['timeToFirstPlaylistMs'])} "
              f"| {fmt(fsl.get('p50'))} / {fmt(fsl.get('max'))} "
              f"| {triple(seg) if not ll else '(' + triple(seg) + ')¹'} | {seg['count']} "
              f"| {triple(r['partLagMs'])} | {r['partLagMs']['count'] or '—'} | {r['playlistRequestsPerSecond']:.0f} "
              f"| {response(r)} | {'; '.join(problems) or '—'} |")
    if any(k[1] == "ll" for k in keys):
        print()
        print("¹ An LL-HLS client learns that a segment is complete from the blocking reload for the next part, "
              "which the server answers when part 0 of the next segment exists (rfc8216bis 6.2.5.2): about one "
              "part target later. The segment's media reached the client earlier, as parts.")

    print()
    print("Pooled over the steps (every sample of every N). Polls are 0.5 to 1.5 intervals apart at random, so "
          "the wait from a segment's listing to the next poll averages 13/24 of the interval "
          f"({13 * poll_ms / 24:.1f} ms); the mean lag minus that wait estimates the server's own delay, its "
          "response time included.")
    print()
    print("| server | inputs | segment lag p50 / p95 / max | mean | mean − poll wait | segments "
          "| part lag p50 / p95 / max | mean | parts |")
    print("|---|---|---|---:|---:|---:|---|---:|---:|")
    pooled = {}
    for server, mode in series(keys):
        seg, part = [], []
        for n in sorted(k[2] for k in keys if k[:2] == (server, mode)):
            s = samples(directory, server, mode, n)
            seg += s["segment"]
            part += s["part"]
        pooled[(server, mode)] = (seg, part)
        ll = mode == "ll"
        segs = f"{fmt(pct(seg, .5))} / {fmt(pct(seg, .95))} / {fmt(max(seg) if seg else None)}"
        seg_mean = mean(seg)
        own = "—" if ll or seg_mean is None else f"{seg_mean - 13 * poll_ms / 24:.1f}"
        if ll:
            segs = f"({segs})¹"
        parts = f"{fmt(pct(part, .5))} / {fmt(pct(part, .95))} / {fmt(max(part) if part else None)}" if part else "—"
        print(f"| {server} | {MODE_LABEL[mode]} | {segs} | {fmt(seg_mean, 1)} | {own} | {len(seg)} | {parts} "
              f"| {fmt(mean(part), 1)} | {len(part) or '—'} |")

    print()
    print("## CPU per packaged stream")
    print()
    print("Cores = CPU seconds per second of the measuring window, from /proc. The server is the node JVM for "
          "Headwater (its embedded Cassandra is its own column) and the nginx worker plus master for nginx. "
          "Other = the machine's busy time minus server, Cassandra and driver.")
    print()
    for server in ("headwater", "nginx"):
        if server in idle:
            i = idle[server]
            extra = f", cassandra {i['cores'].get('cassandra', 0):.3f}" if "cassandra" in i["cores"] else ""
            print(f"- {server} idle ({i['windowSeconds']:.0f} s, no publisher): server "
                  f"{server_cores(i, server):.3f} cores{extra}; machine busy {i['cores']['machineBusy']:.2f} of "
                  f"{i['cores']['machineTotal']:.2f}; load average {i['loadAverageAfter'].split()[0]}")
    print()
    print("| server | inputs | N | server cores | cores / stream | above idle / stream (millicores) | cassandra cores "
          "| driver cores | other cores | machine busy | server RSS MiB | load avg (1 min) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key in keys:
        server, mode, n = key
        r = runs[key]
        c = r["cores"]
        sc = server_cores(r, server)
        idle_cores = server_cores(idle[server], server) if server in idle else 0.0
        cass = c.get("cassandra")
        other = c["machineBusy"] - sc - (cass or 0) - c["driver"]
        rss = sum(r["rssKbEnd"].get(p, 0) for p in SERVER_PROCESSES[server]) / 1024
        print(f"| {server} | {MODE_LABEL[mode]} | {n} | {sc:.3f} | {sc / n:.4f} | {(sc - idle_cores) / n * 1000:.1f} "
              f"| {fmt(cass, 3)} | {c['driver']:.3f} | {other:.2f} | {c['machineBusy']:.2f} | {rss:.0f} "
              f"| {r['loadAverageAfter'].split()[0]} |")
    print()
    slopes = {}
    for server, mode in series(keys):
        pts = [(k[2], server_cores(runs[k], server)) for k in keys if k[:2] == (server, mode)]
        slopes[(server, mode)] = slope(pts)
        print(f"- marginal cost, {server} {MODE_LABEL[mode]}: {fmt(slopes[(server, mode)] and slopes[(server, mode)] * 1000, 1)} "
              f"millicores per stream (least-squares slope of server cores over N = {', '.join(str(p[0]) for p in pts)})")

    both = sorted(n for (s, m, n) in keys if s == "headwater" and m == "standard" and ("nginx", "standard", n) in runs)
    if not both:
        print()
        print("No step ran on both servers with standard inputs: no Headwater/nginx ratios.")
        return
    print()
    print("## Headwater / nginx-rtmp, standard HLS")
    print()
    print("Ratios of Headwater's figure to nginx's at the same N (below 1: Headwater lower). CPU ratios use "
          "the server processes only; with Cassandra added for Headwater in the last column.")
    print()
    print("| N | first playlist p50 | first segment lag p50 | segment lag p50 | segment lag p95 | cores / stream "
          "| (node + cassandra) / nginx |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in both:
        h, g = runs[("headwater", "standard", n)], runs[("nginx", "standard", n)]
        hc, gc = server_cores(h, "headwater"), server_cores(g, "nginx")
        print(f"| {n} | {ratio(h['timeToFirstPlaylistMs']['p50'], g['timeToFirstPlaylistMs']['p50'])} "
              f"| {ratio(h.get('firstSegmentLagMs', {}).get('p50'), g.get('firstSegmentLagMs', {}).get('p50'))} "
              f"| {ratio(h['segmentLagMs']['p50'], g['segmentLagMs']['p50'])} "
              f"| {ratio(h['segmentLagMs']['p95'], g['segmentLagMs']['p95'])} "
              f"| {ratio(hc, gc)} | {ratio(hc + h['cores'].get('cassandra', 0), gc)} |")
    hs, gs = pooled.get(("headwater", "standard")), pooled.get(("nginx", "standard"))
    if hs and gs and hs[0] and gs[0]:
        print()
        wait = 13 * poll_ms / 24
        print(f"- pooled segment lag: p50 {ratio(pct(hs[0], .5), pct(gs[0], .5))}, p95 "
              f"{ratio(pct(hs[0], .95), pct(gs[0], .95))}; the servers' own delay (mean − poll wait): Headwater "
              f"{mean(hs[0]) - wait:.1f} ms, nginx {mean(gs[0]) - wait:.1f} ms")
    hsl, gsl = slopes.get(("headwater", "standard")), slopes.get(("nginx", "standard"))
    print(f"- marginal cores per stream: {ratio(hsl, gsl, 1)}")


if __name__ == "__main__":
    main()
