package io.headwater.media.ts.codec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Cuts PSI sections and PES packets into 188-byte transport packets (ISO/IEC 13818-1 2.4.3.2) with a continuity
 * counter per PID. A PES packet's first packet carries the PCR and random_access_indicator when asked; its last is
 * filled up with adaptation-field stuffing (2.4.3.5), the only stuffing 2.4.3.3 allows before a PES payload ends.
 */
final class PacketWriter {
  static final int PACKET_SIZE = TsDemuxer.PACKET_SIZE;
  static final long NO_PCR = -1;
  private static final int HEADER = 4;
  private static final int PAYLOAD = PACKET_SIZE - HEADER;
  private static final int RANDOM_ACCESS = 0x40;
  private static final int PCR_FLAG = 0x10;
  private static final int PCR_LENGTH = 6;

  private final int[] continuity = new int[8192];

  /** A section of at most 183 bytes (a PAT, a short PMT) in one packet: pointer_field 0, the section, 0xFF. */
  void section(ByteArrayOutputStream out, int pid, byte[] section) {
    byte[] packet = new byte[PACKET_SIZE];
    Arrays.fill(packet, (byte) 0xff);
    header(packet, pid, true, 0x01, next(pid));
    packet[HEADER] = 0; // pointer_field
    System.arraycopy(section, 0, packet, HEADER + 1, section.length);
    out.writeBytes(packet);
  }

  /**
   * A PES packet over as many transport packets as it needs; {@code pcr} is the 27 MHz PCR base in 90 kHz ticks
   * for the first packet, {@link #NO_PCR} for none.
   */
  void pes(ByteArrayOutputStream out, int pid, byte[] pes, long pcr, boolean randomAccess) {
    int pos = 0;
    boolean first = true;
    while (pos < pes.length) {
      byte[] field = first ? adaptationField(pcr, randomAccess) : new byte[0];
      int room = PAYLOAD - field.length;
      int n = Math.min(room, pes.length - pos);
      if (n < room) {
        field = stuffed(field, room - n);
      }
      byte[] packet = new byte[PACKET_SIZE];
      header(packet, pid, first, field.length > 0 ? 0x03 : 0x01, next(pid));
      System.arraycopy(field, 0, packet, HEADER, field.length);
      System.arraycopy(pes, pos, packet, HEADER + field.length, n);
      out.writeBytes(packet);
      pos += n;
      first = false;
    }
  }

  /** A packet with only an adaptation field carrying a PCR; continuity_counter does not advance (2.4.3.3). */
  void pcr(ByteArrayOutputStream out, int pid, long pcr) {
    byte[] packet = new byte[PACKET_SIZE];
    header(packet, pid, false, 0x02, continuity[pid] - 1 & 0x0f);
    byte[] field = stuffed(adaptationField(pcr, false), PAYLOAD - PCR_LENGTH - 2);
    System.arraycopy(field, 0, packet, HEADER, field.length);
    out.writeBytes(packet);
  }

  private int next(int pid) {
    int cc = continuity[pid];
    continuity[pid] = cc + 1 & 0x0f;
    return cc;
  }

  private static void header(byte[] packet, int pid, boolean unitStart, int adaptationControl, int cc) {
    packet[0] = 0x47;
    packet[1] = (byte) ((unitStart ? 0x40 : 0) | pid >> 8);
    packet[2] = (byte) pid;
    packet[3] = (byte) (adaptationControl << 4 | cc);
  }

  /** adaptation_field_length, flags and PCR; empty when there is nothing to say. */
  private static byte[] adaptationField(long pcr, boolean randomAccess) {
    if (pcr == NO_PCR && !randomAccess) {
      return new byte[0];
    }
    byte[] field = new byte[pcr == NO_PCR ? 2 : 2 + PCR_LENGTH];
    field[0] = (byte) (field.length - 1);
    field[1] = (byte) ((randomAccess ? RANDOM_ACCESS : 0) | (pcr == NO_PCR ? 0 : PCR_FLAG));
    if (pcr != NO_PCR) {
      long base = pcr & (Timeline.WRAP - 1);
      field[2] = (byte) (base >> 25);
      field[3] = (byte) (base >> 17);
      field[4] = (byte) (base >> 9);
      field[5] = (byte) (base >> 1);
      field[6] = (byte) ((base & 1) << 7 | 0x7e); // reserved '111111', program_clock_reference_extension 0
      field[7] = 0;
    }
    return field;
  }

  /** The adaptation field grown by {@code extra} bytes of stuffing: 0xFF after the flags, or the 1-byte form. */
  private static byte[] stuffed(byte[] field, int extra) {
    if (field.length == 0) {
      byte[] stuffing = new byte[extra];
      Arrays.fill(stuffing, (byte) 0xff);
      stuffing[0] = (byte) (extra - 1);
      if (extra > 1) {
        stuffing[1] = 0; // no flags
      }
      return stuffing;
    }
    byte[] grown = Arrays.copyOf(field, field.length + extra);
    Arrays.fill(grown, field.length, grown.length, (byte) 0xff);
    grown[0] = (byte) (grown.length - 1);
    return grown;
  }
}
