package io.headwater.media.ts.codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The program specific information this codec reads and writes (ISO/IEC 13818-1 2.4.4): the program association
 * section (PAT, table_id 0), which names each program's PMT PID, and the TS program map section (PMT, table_id 2),
 * which lists a program's elementary streams and its PCR PID. Sections are checked by their CRC_32.
 */
final class Psi {
  static final int PAT_PID = 0;
  static final int PAT_TABLE_ID = 0x00;
  static final int PMT_TABLE_ID = 0x02;
  /** 2.4.4.5, 2.4.4.9: section_length of a PAT or PMT is at most 0x3FD. */
  static final int MAX_SECTION_LENGTH = 3 + 0x3FD;
  private static final int CRC_LENGTH = 4;

  /** A program of a PAT: its program_number and the PID of its PMT; pmtPid -1 when the PAT lists none. */
  record Program(int number, int pmtPid) {}

  /** One elementary stream of a PMT. */
  record Stream(int streamType, int pid) {}

  /** A PMT: its version, program, PCR PID and elementary streams. */
  record ProgramMap(int programNumber, int version, int pcrPid, List<Stream> streams) {}

  private Psi() {}

  /**
   * The first program of a PAT section, skipping the network PID (program_number 0); null when the section is not
   * a current, well-formed PAT.
   */
  static Program firstProgram(byte[] section) {
    if (!valid(section, PAT_TABLE_ID)) {
      return null;
    }
    for (int p = 8; p + 4 <= section.length - CRC_LENGTH; p += 4) {
      int program = u16(section, p);
      if (program != 0) {
        return new Program(program, u16(section, p + 2) & 0x1fff);
      }
    }
    return new Program(0, -1);
  }

  /** A PMT section, or null when it is not a current, well-formed one. */
  static ProgramMap programMap(byte[] section) {
    if (!valid(section, PMT_TABLE_ID) || section.length < 12 + CRC_LENGTH) {
      return null;
    }
    int end = section.length - CRC_LENGTH;
    int p = 12 + (u16(section, 10) & 0x0fff); // after program_info
    List<Stream> streams = new ArrayList<>();
    while (p + 5 <= end) {
      streams.add(new Stream(section[p] & 0xff, u16(section, p + 1) & 0x1fff));
      p += 5 + (u16(section, p + 3) & 0x0fff);
    }
    if (p != end) {
      return null; // a descriptor loop that overruns the section
    }
    return new ProgramMap(u16(section, 3), section[5] >> 1 & 0x1f, u16(section, 8) & 0x1fff, streams);
  }

  /** Long-form syntax, the expected table, current_next_indicator set and the CRC_32 right. */
  private static boolean valid(byte[] s, int tableId) {
    return s.length >= 8 + CRC_LENGTH && (s[0] & 0xff) == tableId && (s[1] & 0x80) != 0 && (s[5] & 0x01) != 0
        && Crc32Mpeg2.of(s, 0, s.length) == 0;
  }

  /** The length of the section starting at {@code p}: 3 + section_length. */
  static int sectionLength(byte[] b, int p) {
    return 3 + (u16(b, p + 1) & 0x0fff);
  }

  /** A PAT with one program. */
  static byte[] pat(int transportStreamId, int programNumber, int pmtPid) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    u16(body, programNumber);
    u16(body, 0xE000 | pmtPid);
    return section(PAT_TABLE_ID, transportStreamId, 0, body.toByteArray());
  }

  /** A PMT without descriptors. */
  static byte[] pmt(ProgramMap map) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    u16(body, 0xE000 | map.pcrPid());
    u16(body, 0xF000); // program_info_length 0
    for (Stream s : map.streams()) {
      body.write(s.streamType());
      u16(body, 0xE000 | s.pid());
      u16(body, 0xF000); // ES_info_length 0
    }
    return section(PMT_TABLE_ID, map.programNumber(), map.version(), body.toByteArray());
  }

  /** A long-form section: header, body, CRC_32; section_number and last_section_number 0. */
  private static byte[] section(int tableId, int idExtension, int version, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tableId);
    u16(out, 0xB000 | 5 + body.length + CRC_LENGTH); // section_syntax_indicator, '0', reserved, section_length
    u16(out, idExtension);
    out.write(0xC1 | version << 1); // reserved, version_number, current_next_indicator
    out.write(0); // section_number
    out.write(0); // last_section_number
    out.writeBytes(body);
    byte[] withoutCrc = out.toByteArray();
    int crc = Crc32Mpeg2.of(withoutCrc, 0, withoutCrc.length);
    u16(out, crc >>> 16);
    u16(out, crc);
    return out.toByteArray();
  }

  private static int u16(byte[] b, int p) {
    return (b[p] & 0xff) << 8 | b[p + 1] & 0xff;
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write(v >> 8);
    out.write(v);
  }
}
