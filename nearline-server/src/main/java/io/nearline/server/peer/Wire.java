package io.nearline.server.peer;

import io.nearline.common.json.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The link's framing: a type byte, a length, and a payload (JSON for control frames, bytes for
 * data). Every byte either way passes the throttle, so control traffic counts against the
 * limit too. One wire per connection, used by one thread.
 */
final class Wire {
  static final int MAX_FRAME = 8 << 20;

  /** What a frame carries. */
  enum Type {
    HELLO, CONFIG, OFFER, RESUME, DATA, END, ACK, RETRY, GAP, INVENTORY, MISSING,
    TAKEOVER, OK, ERROR, PING, JOIN
  }

  record Frame(Type type, byte[] payload) {
    <T> T json(Class<T> as) {
      return Json.read(new String(payload, java.nio.charset.StandardCharsets.UTF_8), as);
    }
  }

  private final DataInputStream in;
  private final DataOutputStream out;
  private final Throttle throttle;

  Wire(InputStream in, OutputStream out, Throttle throttle) {
    this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
    this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
    this.throttle = throttle;
  }

  void send(Type type, byte[] payload, int offset, int length) throws IOException {
    throttle.take(length + 5);
    out.writeByte(type.ordinal());
    out.writeInt(length);
    out.write(payload, offset, length);
  }

  void send(Type type, Object json) throws IOException {
    byte[] bytes = Json.write(json).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    send(type, bytes, 0, bytes.length);
    flush();
  }

  void flush() throws IOException {
    out.flush();
  }

  Frame receive() throws IOException {
    return receive(MAX_FRAME);
  }

  /** The next frame, refused unread if it is longer than {@code maxLength}. */
  Frame receive(int maxLength) throws IOException {
    int type = in.readUnsignedByte();
    int length = in.readInt();
    if (type >= Type.values().length || length < 0 || length > maxLength) {
      throw new IOException("the peer sent a frame this near-line does not understand (type "
          + type + ", " + length + " bytes): are both running the same version?");
    }
    byte[] payload = in.readNBytes(length);
    if (payload.length < length) {
      throw new java.io.EOFException("the link closed in the middle of a frame");
    }
    throttle.take(length + 5);
    return new Frame(Type.values()[type], payload);
  }

  /** The next frame, which must be {@code expected}; an ERROR frame's message is thrown. */
  Frame expect(Type expected) throws IOException {
    Frame f = receive();
    if (f.type() == Type.ERROR) {
      throw new PeerRefusedException(f.json(Messages.Error.class).message());
    }
    if (f.type() != expected) {
      throw new IOException("the peer answered " + f.type() + " where " + expected
          + " was due");
    }
    return f;
  }
}
