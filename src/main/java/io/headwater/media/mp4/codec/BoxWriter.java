package io.headwater.media.mp4.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A growable big-endian buffer that writes ISO BMFF boxes (ISO/IEC 14496-12 4.2): {@link #box} opens a box with a
 * size placeholder, {@link #end} patches the size once the contents are known. Boxes nest; every box this package
 * writes is smaller than 4 GiB, so the compact 32-bit size form is the only one used.
 */
final class BoxWriter {
  private byte[] buf;
  private int pos;
  private final Deque<Integer> open = new ArrayDeque<>();

  BoxWriter() {
    this(256);
  }

  /** A writer whose buffer starts at {@code capacity} bytes, e.g. a fragment's sample data and some. */
  BoxWriter(int capacity) {
    buf = new byte[capacity];
  }

  /** Opens a box of the given four-character type. */
  BoxWriter box(String type) {
    open.push(pos);
    u32(0);
    return fourCc(type);
  }

  /** Opens a FullBox (ISO/IEC 14496-12 4.2.2): a box whose contents start with version(8) and flags(24). */
  BoxWriter fullBox(String type, int version, int flags) {
    return box(type).u32((long) version << 24 | flags & 0xffffff);
  }

  /** Closes the innermost open box, writing its size. */
  BoxWriter end() {
    int start = open.pop();
    putU32(start, pos - start);
    return this;
  }

  BoxWriter u8(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
    return this;
  }

  BoxWriter u16(int v) {
    return u8(v >> 8).u8(v);
  }

  BoxWriter u24(int v) {
    return u8(v >> 16).u16(v);
  }

  BoxWriter u32(long v) {
    ensure(4);
    putU32(pos, v);
    pos += 4;
    return this;
  }

  BoxWriter u64(long v) {
    return u32(v >>> 32).u32(v);
  }

  BoxWriter zeros(int n) {
    ensure(n);
    pos += n; // the buffer is zero-filled past pos
    return this;
  }

  BoxWriter bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
    return this;
  }

  BoxWriter fourCc(String type) {
    byte[] b = type.getBytes(StandardCharsets.ISO_8859_1);
    if (b.length != 4) {
      throw new IllegalArgumentException("box type '" + type + "' is not four characters");
    }
    return bytes(b);
  }

  /** The identity transformation matrix of mvhd and tkhd (ISO/IEC 14496-12 8.2.2.3, 6.2.2). */
  BoxWriter unityMatrix() {
    return u32(0x10000).u32(0).u32(0).u32(0).u32(0x10000).u32(0).u32(0).u32(0).u32(0x40000000);
  }

  int position() {
    return pos;
  }

  /** Overwrites four bytes already written, e.g. a trun data_offset known only once the moof is complete. */
  void putU32(int at, long v) {
    buf[at] = (byte) (v >> 24);
    buf[at + 1] = (byte) (v >> 16);
    buf[at + 2] = (byte) (v >> 8);
    buf[at + 3] = (byte) v;
  }

  byte[] toByteArray() {
    if (!open.isEmpty()) {
      throw new IllegalStateException(open.size() + " boxes still open");
    }
    return Arrays.copyOf(buf, pos);
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      long wanted = Math.max((long) buf.length * 2, (long) pos + n);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("box data past 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }
}
