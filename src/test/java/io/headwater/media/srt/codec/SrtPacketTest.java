package io.headwater.media.srt.codec;

import static io.headwater.media.srt.codec.SrtAssertions.assertRejects;
import static io.headwater.media.srt.codec.SrtVectors.toHex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The packet layer (srt.md 2 and 3) against the golden table of {@link PacketVectors}. */
class SrtPacketTest {
  static Stream<PacketVectors.Row> rows() {
    return Stream.concat(PacketVectors.CAPTURED.stream(), PacketVectors.SYNTHETIC.stream());
  }

  static Stream<PacketVectors.Row> encodableRows() {
    return rows().filter(PacketVectors.Row::encodable);
  }

  static Stream<PacketVectors.Bad> bad() {
    return Stream.concat(PacketVectors.BAD.stream(), CryptoVectors.BAD_KM.stream());
  }

  /** Every captured packet except the handshakes the light-ack-burst capture cut at 54 bytes. */
  static Stream<SrtVectors.Captured> capturedWhole() {
    return SrtVectors.ALL.stream().filter(c -> !(c.capture().equals("light-ack-burst") && c.frame() <= 4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decodesGoldenVector(PacketVectors.Row row) {
    assertEquals(row.packet(), SrtPacket.decode(row.wire()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodableRows")
  void encodesGoldenVector(PacketVectors.Row row) {
    assertEquals(toHex(row.wire()), toHex(row.packet().encode()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("capturedWhole")
  void everyCapturedPacketEncodesBackToItsBytes(SrtVectors.Captured captured) {
    assertEquals(toHex(captured.bytes()), toHex(SrtPacket.decode(captured.bytes()).encode()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void rejectsMalformedPacket(PacketVectors.Bad bad) {
    assertRejects(bad.fragment(), () -> SrtPacket.decode(bad.wire()));
  }

  @Test
  void decodesASliceOfALargerBufferAndCopiesIt() {
    byte[] wire = SrtVectors.packet("loss-nak-retransmit", 100);
    byte[] buffer = new byte[wire.length + 20];
    System.arraycopy(wire, 0, buffer, 7, wire.length);
    SrtPacket packet = SrtPacket.decode(buffer, 7, wire.length);
    java.util.Arrays.fill(buffer, (byte) 0);
    assertArrayEquals(wire, packet.encode());
  }

  @Test
  void peeksTheDestinationSocketIdForDemultiplexing() {
    byte[] conclusion = SrtVectors.packet("aes128-passphrase", 3);
    byte[] data = SrtVectors.packet("aes128-passphrase", 5);
    assertEquals(0, SrtPacket.destinationSocketId(conclusion, 0, conclusion.length));
    assertEquals(0x24d6b922, SrtPacket.destinationSocketId(data, 0, data.length));
    assertEquals(true, SrtPacket.isControl(conclusion, 0));
    assertEquals(false, SrtPacket.isControl(data, 0));
    assertRejects("packet: 12 bytes, expected at least 16", () -> SrtPacket.destinationSocketId(data, 0, 12));
  }

  @Test
  void aRangeOutsideTheBufferIsTheCallersBug() {
    assertThrows(IndexOutOfBoundsException.class, () -> SrtPacket.decode(new byte[20], 10, 16));
  }

  @Test
  void rejectionHandshakesNameTheirReason() {
    Handshake wrongPassphrase = (Handshake) ((ControlPacket) SrtPacket.decode(
        SrtVectors.packet("wrong-passphrase", 4))).body();
    assertEquals(RejectReason.BADSECRET, wrongPassphrase.rejectReason().orElseThrow());
    Handshake noPassphrase = (Handshake) ((ControlPacket) SrtPacket.decode(
        SrtVectors.packet("listener-without-passphrase", 4))).body();
    assertEquals(RejectReason.UNSECURE, noPassphrase.rejectReason().orElseThrow());
  }

  @Test
  void nakFittingKeepsOneDatagram() {
    List<Nak.Range> ranges = Stream.iterate(0, i -> i + 10).limit(300).map(i -> new Nak.Range(i, i + 2)).toList();
    Nak nak = Nak.fitting(ranges);
    assertEquals(182, nak.ranges().size());
    assertEquals(1456, nak.encodeCif().length);
  }

  @Test
  void toStringsCarryNoPayloadOrStreamId() {
    String text = SrtPacket.decode(SrtVectors.packet("plain-sid-publish-key", 3)) + " "
        + SrtPacket.decode(SrtVectors.packet("plain-sid-publish-key", 5));
    assertEquals(false, text.contains("KEY"), text);
    assertEquals(true, text.contains("Sid[11 bytes]"), text);
  }
}
