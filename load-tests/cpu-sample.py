#!/usr/bin/env python3
"""Samples CPU time once a second while a benchmark runs, so the summary can tell who had the cores.

    python3 load-tests/cpu-sample.py OUT NODE_PID LOAD_PID

Writes one line a second to OUT: epoch ms, then cumulative CPU seconds of the node JVM (NODE_PID alone),
of its child processes (the embedded Cassandra), of the load generator (LOAD_PID and its descendants:
Maven and the forked Gatling JVM), of the kernel's interrupt handling (irq + softirq: loopback networking
lands there), and of the whole machine busy and total (from /proc/stat). Whatever is busy beyond these is
other processes on the machine. Stops when NODE_PID is gone or on SIGTERM. Linux only.
"""
import os
import signal
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def processes():
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
        ppid = int(fields[1])
        cpu = sum(int(x) for x in fields[11:15]) / TICK  # utime stime cutime cstime
        table[int(entry)] = (ppid, cpu)
    return table


def tree_cpu(table, root, include_root=True):
    children = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0.0, list(children.get(root, []))
    if include_root and root in table:
        total += table[root][1]
    while stack:
        pid = stack.pop()
        total += table[pid][1]
        stack.extend(children.get(pid, []))
    return total


def machine():
    with open("/proc/stat") as f:
        values = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
    values = values[:8]
    idle = values[3] + values[4]
    return (values[5] + values[6]) / TICK, (sum(values) - idle) / TICK, sum(values) / TICK


def main():
    out, node, load = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with open(out, "w", buffering=1) as f:
        f.write("# epoch_ms node cassandra load irq machine_busy machine_total (CPU seconds, cumulative)\n")
        while os.path.exists(f"/proc/{node}"):
            table = processes()
            node_cpu = table.get(node, (0, 0.0))[1]
            irq, busy, total = machine()
            f.write(f"{int(time.time() * 1000)} {node_cpu:.2f} {tree_cpu(table, node, False):.2f} "
                    f"{tree_cpu(table, load):.2f} {irq:.2f} {busy:.2f} {total:.2f}\n")
            time.sleep(1)


if __name__ == "__main__":
    main()
