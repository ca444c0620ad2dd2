package io.headwater.media.srt;

/**
 * What one SRT publisher connection counted, as a snapshot: logged in its {@code closed:} line and kept by
 * the {@link SrtServer} for the operator (and tests) to read.
 *
 * @param packetsReceived data packets stored, each sequence number once
 * @param payloadBytes payload bytes of those packets
 * @param packetsLost sequence numbers found missing (each is NAKed)
 * @param packetsRetransmitted missing packets a retransmission (R=1) filled
 * @param packetsReordered missing packets that came late as first transmissions (reordering)
 * @param packetsDuplicate packets dropped as already received or already delivered
 * @param packetsDroppedTooLate missing packets given up at their delivery time (srt.md 8.7, TLPKTDROP)
 * @param packetsBeyondBuffer packets dropped because they lay past the receive buffer
 * @param packetsUndecryptable packets dropped for want of the key their KK names
 * @param packetsDelivered packets handed to the demuxer, in order
 * @param tsContinuityErrors MPEG-TS continuity_counter gaps the demuxer found: media lost for good
 * @param keyRefreshes new session keys the caller announced in band and the live input opened (srt.md 7.6)
 * @param naksSent loss reports sent, immediate and periodic
 * @param acksSent full ACKs sent
 * @param rttUs smoothed round-trip time from ACK/ACKACK, microseconds
 * @param rttVarianceUs its variance, microseconds
 */
public record SrtStats(
    long packetsReceived,
    long payloadBytes,
    long packetsLost,
    long packetsRetransmitted,
    long packetsReordered,
    long packetsDuplicate,
    long packetsDroppedTooLate,
    long packetsBeyondBuffer,
    long packetsUndecryptable,
    long packetsDelivered,
    long tsContinuityErrors,
    long keyRefreshes,
    long naksSent,
    long acksSent,
    int rttUs,
    int rttVarianceUs) {

  /** One line for logs. */
  public String summary() {
    return "received " + packetsReceived + " packets (" + payloadBytes + " bytes), lost " + packetsLost
        + ", retransmitted " + packetsRetransmitted + ", reordered " + packetsReordered + ", duplicate "
        + packetsDuplicate + ", dropped too late " + packetsDroppedTooLate + ", beyond buffer " + packetsBeyondBuffer
        + ", undecryptable " + packetsUndecryptable + ", TS continuity errors " + tsContinuityErrors + ", key refreshes " + keyRefreshes + ", NAKs " + naksSent + ", RTT " + rttUs / 1000.0 + " ms";
  }
}
