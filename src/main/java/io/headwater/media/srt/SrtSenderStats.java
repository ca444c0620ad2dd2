package io.headwater.media.srt;

/**
 * What the sending half of one SRT connection (a pull viewer, an output) counted, as a snapshot: logged in
 * its {@code closed:} line.
 *
 * @param packetsSent data packets sent for the first time
 * @param payloadBytesSent payload bytes of those packets
 * @param packetsRetransmitted retransmissions sent for packets the receiver reported lost
 * @param packetsReportedLost packets the receiver's NAKs reported missing, once per loss: a lost retransmission
 *     counts again
 * @param packetsDropped packets given up unacknowledged, older than the latency (srt.md 8.7, TLPKTDROP)
 * @param dropRequestsSent DROPREQs telling the receiver to stop asking (srt.md 3.5)
 * @param packetsRefused payloads not taken because the send buffer was full
 * @param naksReceived loss reports received
 * @param acksReceived full and small ACKs received, each answered with an ACKACK
 * @param rttUs the receiver's smoothed round-trip time, microseconds
 * @param rttVarianceUs its variance, microseconds
 */
public record SrtSenderStats(
    long packetsSent,
    long payloadBytesSent,
    long packetsRetransmitted,
    long packetsReportedLost,
    long packetsDropped,
    long dropRequestsSent,
    long packetsRefused,
    long naksReceived,
    long acksReceived,
    int rttUs,
    int rttVarianceUs) {

  /** One line for logs. */
  public String summary() {
    return "sent " + packetsSent + " packets (" + payloadBytesSent + " bytes), retransmitted " + packetsRetransmitted
        + ", reported lost " + packetsReportedLost + ", dropped too late " + packetsDropped + ", DROPREQs "
        + dropRequestsSent + ", refused " + packetsRefused + ", NAKs " + naksReceived + ", RTT " + rttUs / 1000.0 + " ms";
  }
}
