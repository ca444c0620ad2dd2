#!/usr/bin/env python3
"""What the SRT receivers of one benchmark run counted, summed over their connections, as JSON on stdout.

    python3 srt_receiver_stats.py headwater < node-log-lines
    python3 srt_receiver_stats.py srt-live-transmit slt-0.stats slt-1.stats ...

headwater: the "closed:" lines Headwater's SRT listener logs when a publisher connection ends (SrtStats).
srt-live-transmit: the last JSON statistics line each listener wrote (-pf:json -f -statsout), which lags
the end of the connection by up to one report interval. Keys: connections, packetsReceived, payloadBytes,
packetsLost (found missing), packetsRetransmitted (repaired), packetsDroppedTooLate (given up: lost for
good), and for Headwater packetsBeyondBuffer, packetsUndecryptable and tsContinuityErrors.
"""
import json
import re
import sys

HEADWATER = re.compile(
    r"closed: (?!playback|refused).*received (?P<packetsReceived>\d+) packets \((?P<payloadBytes>\d+) bytes\), "
    r"lost (?P<packetsLost>\d+), retransmitted (?P<packetsRetransmitted>\d+), reordered \d+, duplicate \d+, "
    r"dropped too late (?P<packetsDroppedTooLate>\d+), beyond buffer (?P<packetsBeyondBuffer>\d+), "
    r"undecryptable (?P<packetsUndecryptable>\d+), TS continuity errors (?P<tsContinuityErrors>\d+)")


def headwater(lines):
    total = {"connections": 0}
    for line in lines:
        m = HEADWATER.search(line)
        if m:
            total["connections"] += 1
            for k, v in m.groupdict().items():
                total[k] = total.get(k, 0) + int(v)
    return total


def srt_live_transmit(files):
    total = {"connections": 0, "packetsReceived": 0, "payloadBytes": 0, "packetsLost": 0,
             "packetsRetransmitted": 0, "packetsDroppedTooLate": 0}
    for name in files:
        last = None
        with open(name) as f:
            for line in f:
                line = line.strip().rstrip(",")
                if line.startswith("{") and '"recv"' in line:
                    last = line
        if last is None:
            continue
        recv = json.loads(last)["recv"]
        total["connections"] += 1
        total["packetsReceived"] += recv["packets"]
        total["payloadBytes"] += recv["bytes"]
        total["packetsLost"] += recv["packetsLost"]
        total["packetsRetransmitted"] += recv["packetsRetransmitted"]
        total["packetsDroppedTooLate"] += recv["packetsDropped"]
    return total


if __name__ == "__main__":
    result = headwater(sys.stdin) if sys.argv[1] == "headwater" else srt_live_transmit(sys.argv[2:])
    json.dump(result, sys.stdout)
