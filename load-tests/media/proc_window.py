#!/usr/bin/env python3
"""CPU and memory of groups of processes over one measurement window, from /proc. Linux only.

    python3 load-tests/media/proc_window.py --seconds 15 --out step.json \
        --group node=1234 --group publishers=2001,2002 [--heap-of node] [--progress pub-*.progress]

A group is a comma-separated list of pids; each pid counts with all its descendants, so a group named
by a node's pid alone would include its embedded Cassandra: name the child in its own group and it is
subtracted from the parent's (a pid counts in one group only, the one named closest to it). Writes JSON:
the window in seconds, cores per group (CPU seconds used in the window / its length), resident KiB per
group at the end and their proportional share (PSS, shared library pages split between the processes
that map them), the processes alive in each group at the start and at the end, and the machine's busy
and total cores (from /proc/stat: 2.0 total on a 2-core machine). With --heap-of G (a group of one JVM),
also that JVM's live heap after a full GC (jcmd GC.run, then GC.heap_info), in KiB, measured after the
window so that its pause falls outside it. With --progress, FFmpeg -progress files
read at the two ends of the window: each publisher's pace, seconds of media sent per second.
"""
import argparse
import json
import os
import re
import subprocess
import time

TICK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def processes():
    """pid -> (ppid, CPU seconds of the process itself, resident KiB)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        # utime, stime only: children's time (cutime, cstime) arrives when they are reaped, in bursts.
        table[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, int(fields[21]) * PAGE_KB)
    return table


def assign(table, groups):
    """pid -> group name: each named pid and its descendants, the nearest named ancestor winning."""
    named = {pid: name for name, pids in groups.items() for pid in pids}
    owner = {}
    for pid in table:
        p, seen = pid, 0
        while p in table and seen < 64:
            if p in named:
                owner[pid] = named[p]
                break
            p, seen = table[p][0], seen + 1
    return owner


def machine():
    with open("/proc/stat") as f:
        values = [int(x) for x in f.readline().split()[1:]][:8]  # guest time is already in user
    return (sum(values) - values[3] - values[4]) / TICK, sum(values) / TICK


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def progress_us(path):
    """The last out_time_us FFmpeg wrote to its -progress file, 0 if none yet."""
    last = 0
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("out_time_us=") and line[12:].strip().isdigit():
                    last = int(line[12:])
    except OSError:
        pass
    return last


def snapshot(groups, progress=()):
    table = processes()
    owner = assign(table, groups)
    cpu = {pid: table[pid][1] for pid in owner}
    rss = {name: 0 for name in groups}
    alive = {name: 0 for name in groups}
    for pid, name in owner.items():
        rss[name] += table[pid][2]
        if pid in groups[name]:
            alive[name] += 1
    return owner, cpu, rss, alive, machine(), [progress_us(p) for p in progress]


def live_heap_kb(pid):
    try:
        subprocess.run(["jcmd", str(pid), "GC.run"], check=True, capture_output=True, timeout=60)
        info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], check=True, capture_output=True, text=True,
                              timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    # G1 prints one "garbage-first heap total ...K, used ...K" line; the other collectors one per generation.
    used = [int(m.group(1)) for m in re.finditer(r"total \d+K, used (\d+)K", info)]
    return sum(used) if used else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--group", action="append", default=[], help="name=pid[,pid...]")
    ap.add_argument("--heap-of", action="append", default=[])
    ap.add_argument("--progress", nargs="*", default=[])
    args = ap.parse_args()
    groups = {}
    for g in args.group:
        name, pids = g.split("=", 1)
        groups[name] = {int(p) for p in pids.split(",") if p}

    owner0, cpu0, _, alive0, (busy0, total0), sent0 = snapshot(groups, args.progress)
    start = time.monotonic()
    time.sleep(args.seconds)
    owner1, cpu1, rss, alive1, (busy1, total1), sent1 = snapshot(groups, args.progress)
    window = time.monotonic() - start

    cores = {name: 0.0 for name in groups}
    for pid, name in owner1.items():
        # A process that started inside the window counts from zero; the CPU of one that ended in it is lost
        # (it cannot be read any more), which is why the script stops publishers after the window.
        cores[name] += (cpu1[pid] - (cpu0.get(pid, 0.0) if owner0.get(pid) == name else 0.0)) / window
    pss = {name: sum(pss_kb(pid) for pid, owner in owner1.items() if owner == name) for name in groups}
    result = {
        "windowSeconds": round(window, 3),
        "cores": {k: round(v, 4) for k, v in cores.items()},
        "rssKb": rss,
        "pssKb": pss,
        "aliveAtStart": alive0,
        "aliveAtEnd": alive1,
        "machineBusyCores": round((busy1 - busy0) / window, 4),
        "machineTotalCores": round((total1 - total0) / window, 4),
        "paces": [round((b - a) / 1e6 / window, 4) for a, b in zip(sent0, sent1)],
    }
    # After the window, so that the full GC's pause is outside it (and the streams' buffers are full).
    heap = {name: live_heap_kb(next(iter(groups[name]))) for name in args.heap_of if groups.get(name)}
    if heap:
        result["liveHeapKbAfterFullGc"] = heap
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
