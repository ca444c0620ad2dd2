package io.headwater.media.ts.codec;

import java.util.Map;
import java.util.TreeMap;

/** The demuxer's running counts, shared by its parts; {@link TsDemuxer#stats()} hands out a snapshot. */
final class DemuxCounters {
  long packets;
  long skippedBytes;
  long syncLosses;
  long transportErrors;
  long continuityErrors;
  final Map<Integer, Long> continuityErrorsByPid = new TreeMap<>();
  long duplicatePackets;
  long scrambledPackets;
  long psiErrors;
  long ignoredStreams;
  long pesErrors;
  long oversizedPes;
  long damagedPes;
  long droppedFrames;
  long badParameterSets;
  long frames;

  void continuityError(int pid) {
    continuityErrors++;
    continuityErrorsByPid.merge(pid, 1L, Long::sum);
  }

  TsDemuxer.Stats snapshot() {
    return new TsDemuxer.Stats(packets, skippedBytes, syncLosses, transportErrors, continuityErrors,
        Map.copyOf(continuityErrorsByPid), duplicatePackets, scrambledPackets, psiErrors, ignoredStreams, pesErrors,
        oversizedPes, damagedPes, droppedFrames, badParameterSets, frames);
  }
}
