package io.headwater.media.ts.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: the transport packet headers of a byte stream (ISO/IEC 13818-1 2.4.3.2), to check what the muxer
 * writes and to pick packets to damage.
 *
 * @param index the packet's position in the stream
 * @param pcr the PCR base in 90 kHz ticks, -1 without one
 * @param pts the PTS of a PES packet that starts here, -1 otherwise
 */
record TsPackets(int index, int pid, boolean unitStart, int cc, boolean hasPayload, boolean randomAccess, long pcr,
    long pts) {
  static List<TsPackets> of(byte[] ts) {
    if (ts.length % TsDemuxer.PACKET_SIZE != 0) {
      throw new AssertionError(ts.length + " bytes are not whole packets");
    }
    List<TsPackets> packets = new ArrayList<>();
    for (int p = 0; p < ts.length; p += TsDemuxer.PACKET_SIZE) {
      if (ts[p] != 0x47) {
        throw new AssertionError("packet " + p / TsDemuxer.PACKET_SIZE + " starts with " + ts[p]);
      }
      int adaptation = ts[p + 3] >> 4 & 0x03;
      int payload = p + 4;
      boolean randomAccess = false;
      long pcr = -1;
      if ((adaptation & 0x02) != 0) {
        int length = ts[p + 4] & 0xff;
        if (length > 0) {
          randomAccess = (ts[p + 5] & 0x40) != 0;
          if ((ts[p + 5] & 0x10) != 0) {
            pcr = (ts[p + 6] & 0xffL) << 25 | (ts[p + 7] & 0xff) << 17 | (ts[p + 8] & 0xff) << 9
                | (ts[p + 9] & 0xff) << 1 | (ts[p + 10] & 0xff) >> 7;
          }
        }
        payload += 1 + length;
      }
      boolean unitStart = (ts[p + 1] & 0x40) != 0;
      long pts = -1;
      if (unitStart && ts[payload] == 0 && ts[payload + 1] == 0 && ts[payload + 2] == 1) {
        int t = payload + 9;
        pts = (ts[t] & 0x0eL) << 29 | (ts[t + 1] & 0xff) << 22 | (ts[t + 2] & 0xfe) << 14 | (ts[t + 3] & 0xff) << 7
            | (ts[t + 4] & 0xff) >> 1;
      }
      packets.add(new TsPackets(p / TsDemuxer.PACKET_SIZE, (ts[p + 1] & 0x1f) << 8 | ts[p + 2] & 0xff, unitStart,
          ts[p + 3] & 0x0f, (adaptation & 0x01) != 0, randomAccess, pcr, pts));
    }
    return packets;
  }
}
