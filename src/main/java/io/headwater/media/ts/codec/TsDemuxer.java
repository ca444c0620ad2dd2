package io.headwater.media.ts.codec;

import io.headwater.media.Codec;
import io.headwater.media.MediaItem;
import io.headwater.media.Timebase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Demultiplexes one MPEG-TS stream (ISO/IEC 13818-1), as an SRT publisher sends it, into the media model: the first
 * program of the PAT, its first H.264 or HEVC stream and its first AAC ADTS stream. The SRT session creates one per
 * connection and feeds it the bytes it receives, in chunks of any size; each call returns the items the bytes
 * completed. Not thread-safe.
 *
 * <p>Damage is skipped and counted in {@link #stats()}, never thrown: the demuxer finds the 0x47 sync byte again
 * after garbage (two sync bytes a packet apart), drops packets flagged by transport_error_indicator, and drops the
 * PES packet that lost a transport packet (a continuity_counter gap, 2.4.3.3; a duplicate packet is ignored).
 * Elementary streams of other types are ignored and counted. Timestamps are unwrapped into 64-bit media ticks on one
 * timeline for all tracks, the first one seen at {@link #TIMELINE_START}. Video PES packets of unbounded length end
 * when the next one starts, so a video frame comes out one frame late unless the caller {@link #flush()}es; frames
 * before the first keyframe, and frames that would lie before the timeline's start, are dropped and counted.
 *
 * <p>Memory is bounded: at most one packet of unconsumed input, and per track one PES packet of at most
 * {@code maxPesSize} bytes and one unfinished ADTS frame.
 */
public final class TsDemuxer {
  public static final int PACKET_SIZE = 188;
  public static final int DEFAULT_MAX_PES_SIZE = 8 << 20;
  /** Input without two sync bytes a packet apart for this many bytes is not MPEG-TS. */
  public static final int MAX_SYNC_SEARCH = 64 * PACKET_SIZE;
  /** Media ticks of the first timestamp seen: 10 s, so audio or pts up to 10 s earlier stay positive. */
  public static final long TIMELINE_START = 10L * Timebase.TICKS_PER_SECOND;

  static final int STREAM_TYPE_AAC_ADTS = 0x0F;
  static final int STREAM_TYPE_H264 = 0x1B;
  static final int STREAM_TYPE_HEVC = 0x24;
  private static final int SYNC_BYTE = 0x47;
  private static final int NULL_PID = 0x1FFF;
  private static final int PIDS = 8192;

  /**
   * What the demuxer has counted since it was created.
   *
   * @param packets transport packets read, damaged ones included
   * @param skippedBytes bytes skipped while looking for a sync byte
   * @param syncLosses times a packet did not start with the sync byte
   * @param transportErrors packets dropped for transport_error_indicator
   * @param continuityErrors continuity_counter gaps, every PID
   * @param continuityErrorsByPid the gaps of each PID that had some
   * @param duplicatePackets packets ignored as duplicates of the one before (same continuity_counter)
   * @param scrambledPackets packets dropped for transport_scrambling_control
   * @param psiErrors PAT/PMT sections that were cut short, too long or failed their CRC_32
   * @param ignoredStreams elementary streams in the PMTs read that are not carried (type or a second of a kind)
   * @param pesErrors PES packets without a readable header, runs of ADTS bytes skipped to the next syncword, and
   *     packets whose adaptation_field_length runs past their end
   * @param oversizedPes PES packets dropped for exceeding the size limit
   * @param damagedPes PES packets dropped for a lost transport packet
   * @param droppedFrames frames dropped: before the first keyframe or configuration, without a timestamp, before
   *     the timeline's start, or multi-block ADTS frames
   * @param badParameterSets parameter sets or ADTS headers that made no usable configuration
   * @param frames frames returned
   */
  public record Stats(long packets, long skippedBytes, long syncLosses, long transportErrors,
      long continuityErrors, Map<Integer, Long> continuityErrorsByPid, long duplicatePackets, long scrambledPackets,
      long psiErrors, long ignoredStreams, long pesErrors, long oversizedPes, long damagedPes, long droppedFrames,
      long badParameterSets, long frames) {}

  private final int maxPesSize;
  private final DemuxCounters counters = new DemuxCounters();
  private final Timeline timeline = new Timeline();
  private final int[] lastCc = new int[PIDS];
  private final SectionAssembler patSections = new SectionAssembler(counters);
  private final SectionAssembler pmtSections = new SectionAssembler(counters);
  private byte[] leftover = new byte[0];
  private boolean locked;
  private int searched;
  private final List<Pes> completed = new ArrayList<>();
  private final List<byte[]> sections = new ArrayList<>();
  private Psi.Program program = new Psi.Program(0, -1);
  private Psi.ProgramMap programMap;
  private ElementaryStream video;
  private ElementaryStream audio;

  /** An elementary PID being reassembled, and the track its PES packets go to. */
  private record ElementaryStream(int pid, int streamType, PesAssembler pes, VideoTrack videoTrack,
      AdtsTrack audioTrack) {}

  public TsDemuxer() {
    this(DEFAULT_MAX_PES_SIZE);
  }

  public TsDemuxer(int maxPesSize) {
    if (maxPesSize < PACKET_SIZE) {
      throw new IllegalArgumentException("maxPesSize " + maxPesSize + " is below one packet");
    }
    this.maxPesSize = maxPesSize;
    Arrays.fill(lastCc, -1);
  }

  public List<MediaItem> feed(byte[] data) throws TsFormatException {
    return feed(data, 0, data.length);
  }

  /** The items that {@code data[offset..offset+length)}, after everything fed before, completes. */
  public List<MediaItem> feed(byte[] data, int offset, int length) throws TsFormatException {
    byte[] b = data;
    int from = offset;
    int to = offset + length;
    if (leftover.length > 0) {
      b = Arrays.copyOf(leftover, leftover.length + length);
      System.arraycopy(data, offset, b, leftover.length, length);
      from = 0;
      to = b.length;
    }
    List<MediaItem> out = new ArrayList<>();
    int p = from;
    while (to - p >= PACKET_SIZE) {
      if (locked && b[p] == SYNC_BYTE) {
        packet(b, p, out);
        p += PACKET_SIZE;
        continue;
      }
      if (locked) {
        locked = false;
        counters.syncLosses++;
      }
      if (b[p] == SYNC_BYTE) {
        if (to - p == PACKET_SIZE) {
          break; // a candidate: its successor's sync byte decides
        }
        if (b[p + PACKET_SIZE] == SYNC_BYTE) {
          locked = true;
          searched = 0;
          continue;
        }
      }
      p++;
      counters.skippedBytes++;
      if (++searched > MAX_SYNC_SEARCH) {
        throw new TsFormatException("MPEG-TS: no sync byte 0x47 repeating every " + PACKET_SIZE + " bytes in the last "
            + MAX_SYNC_SEARCH + " bytes");
      }
    }
    leftover = Arrays.copyOfRange(b, p, to);
    return out;
  }

  /**
   * The items of the PES packets in progress, as if each track's next PES packet had started: the last video frame
   * of a stream that has ended. A packet-sized tail that starts with a sync byte is read first. Feeding may go on
   * afterwards: the next PES packet of each track starts afresh.
   */
  public List<MediaItem> flush() {
    List<MediaItem> out = new ArrayList<>();
    if (leftover.length == PACKET_SIZE && leftover[0] == SYNC_BYTE) {
      packet(leftover, 0, out);
    }
    leftover = new byte[0];
    for (ElementaryStream es : new ElementaryStream[] {video, audio}) {
      if (es != null) {
        es.pes().flush(completed);
        deliver(es, out);
      }
    }
    return out;
  }

  public Stats stats() {
    return counters.snapshot();
  }

  /** One transport packet (2.4.3.2) at {@code b[p..p+188)}. */
  private void packet(byte[] b, int p, List<MediaItem> out) {
    counters.packets++;
    int b1 = b[p + 1] & 0xff;
    int b3 = b[p + 3] & 0xff;
    int pid = (b1 & 0x1f) << 8 | b[p + 2] & 0xff;
    if ((b1 & 0x80) != 0) {
      counters.transportErrors++;
      return;
    }
    if (pid == NULL_PID) {
      return;
    }
    int adaptation = b3 >> 4 & 0x03;
    int payloadStart = p + 4;
    boolean discontinuity = false;
    if ((adaptation & 0x02) != 0) {
      int afLength = b[p + 4] & 0xff;
      if (afLength > PACKET_SIZE - 5) {
        counters.pesErrors++; // adaptation_field_length past the packet: nothing in it can be trusted
        return;
      }
      // 2.4.3.5: discontinuity_indicator allows a continuity_counter jump; random_access_indicator is not needed,
      // keyframes are found in the access units themselves
      discontinuity = afLength > 0 && (b[p + 5] & 0x80) != 0;
      payloadStart += 1 + afLength;
    }
    if ((adaptation & 0x01) == 0) {
      return; // adaptation field only (or reserved 00): no payload, continuity_counter unchanged
    }
    if (!continuous(pid, b3 & 0x0f, discontinuity)) {
      return;
    }
    if ((b3 & 0xc0) != 0) {
      counters.scrambledPackets++;
      return;
    }
    boolean unitStart = (b1 & 0x40) != 0;
    int end = p + PACKET_SIZE;
    if (pid == Psi.PAT_PID || pid == program.pmtPid()) {
      boolean isPat = pid == Psi.PAT_PID;
      (isPat ? patSections : pmtSections).payload(b, payloadStart, end, unitStart, sections);
      for (byte[] section : sections) {
        if (isPat) {
          pat(section);
        } else {
          pmt(section);
        }
      }
      sections.clear();
    } else {
      ElementaryStream es = stream(pid);
      if (es != null) {
        es.pes().payload(b, payloadStart, end, unitStart, completed);
        deliver(es, out);
      }
    }
  }

  /**
   * Checks continuity_counter (2.4.3.3): false for a duplicate to ignore; a gap is counted and damages what the PID
   * was reassembling.
   */
  private boolean continuous(int pid, int cc, boolean discontinuity) {
    int last = lastCc[pid];
    lastCc[pid] = cc;
    if (last < 0 || discontinuity) {
      return true;
    }
    if (cc == last) {
      counters.duplicatePackets++;
      return false;
    }
    if (cc != (last + 1 & 0x0f)) {
      counters.continuityError(pid);
      ElementaryStream es = stream(pid);
      if (pid == Psi.PAT_PID) {
        patSections.reset();
      } else if (pid == program.pmtPid()) {
        pmtSections.reset();
      } else if (es != null) {
        es.pes().damage();
        if (es.audioTrack() != null) {
          es.audioTrack().discontinuity();
        }
      }
    }
    return true;
  }

  private ElementaryStream stream(int pid) {
    return video != null && video.pid() == pid ? video : audio != null && audio.pid() == pid ? audio : null;
  }

  private void pat(byte[] section) {
    Psi.Program first = Psi.firstProgram(section);
    if (first == null) {
      counters.psiErrors++;
    } else if (!first.equals(program)) {
      program = first;
      programMap = null;
      pmtSections.reset();
    }
  }

  private void pmt(byte[] section) {
    Psi.ProgramMap map = Psi.programMap(section);
    if (map == null) {
      counters.psiErrors++;
      return;
    }
    if (map.programNumber() != program.number() || map.equals(programMap)) {
      return; // another program's PMT on the same PID, or the PMT repeating
    }
    programMap = map;
    Psi.Stream videoStream = null;
    Psi.Stream audioStream = null;
    for (Psi.Stream s : map.streams()) {
      boolean isVideo = s.streamType() == STREAM_TYPE_H264 || s.streamType() == STREAM_TYPE_HEVC;
      if (isVideo && videoStream == null) {
        videoStream = s;
      } else if (s.streamType() == STREAM_TYPE_AAC_ADTS && audioStream == null) {
        audioStream = s;
      } else {
        counters.ignoredStreams++;
      }
    }
    video = reuse(video, videoStream);
    audio = reuse(audio, audioStream);
  }

  /** The stream already being reassembled when the new PMT keeps it, a new one otherwise. */
  private ElementaryStream reuse(ElementaryStream current, Psi.Stream s) {
    if (s == null) {
      return null;
    }
    if (current != null && current.pid() == s.pid() && current.streamType() == s.streamType()) {
      return current;
    }
    PesAssembler pes = new PesAssembler(maxPesSize, counters);
    if (s.streamType() == STREAM_TYPE_AAC_ADTS) {
      return new ElementaryStream(s.pid(), s.streamType(), pes, null, new AdtsTrack(counters));
    }
    Codec codec = s.streamType() == STREAM_TYPE_HEVC ? Codec.HEVC : Codec.H264;
    return new ElementaryStream(s.pid(), s.streamType(), pes, new VideoTrack(codec, counters), null);
  }

  /** Hands the PES packets just completed to the stream's track. */
  private void deliver(ElementaryStream es, List<MediaItem> out) {
    List<Pes> done = List.copyOf(completed);
    completed.clear();
    for (Pes pes : done) {
      if (pes.pts() == Pes.NONE) {
        if (es.videoTrack() != null) {
          counters.droppedFrames++; // a picture without a time cannot be placed
        } else {
          es.audioTrack().payload(Pes.NONE, pes.payload(), out);
        }
        continue;
      }
      long dts = timeline.ticks(pes.dts());
      long pts = timeline.ticks(pes.pts());
      if (es.videoTrack() != null) {
        es.videoTrack().accessUnit(dts, pts, pes.payload(), out);
      } else {
        es.audioTrack().payload(pts, pes.payload(), out);
      }
    }
  }
}
