package io.headwater.liveinput;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.headwater.CborSerializable;
import java.util.Arrays;

/**
 * What a publisher presents to the live input's entity as proof that it may publish, one kind per protocol;
 * a pull viewer presents the same kinds made with the playback secrets. The entity checks it against the
 * input's credentials in constant time; sessions never compare secrets themselves. No kind prints its secret.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PublishCredential.StreamKey.class, name = "stream-key"),
    @JsonSubTypes.Type(value = PublishCredential.SrtKeyMaterial.class, name = "srt-key-material")})
public sealed interface PublishCredential extends CborSerializable {
  /** RTMP(S): the stream key of the publish command, {@code <secret>k<uid>}. */
  record StreamKey(String key) implements PublishCredential {
    @Override
    public String toString() {
      return "StreamKey[" + key.length() + " chars]";
    }
  }

  /**
   * SRT: the caller's key material, the KMREQ block of its conclusion handshake (srt.md 7.1): its session key
   * wrapped (RFC 3394) under a key derived from the passphrase. It proves the passphrase without carrying it:
   * only the entity, which holds the passphrase, can open it ({@link KeyMaterialOpener}), and it hands the
   * session nothing but the media keys inside ({@link MediaKeys}).
   */
  record SrtKeyMaterial(byte[] keyMaterial) implements PublishCredential {
    public SrtKeyMaterial {
      keyMaterial = keyMaterial.clone();
    }

    @Override
    public byte[] keyMaterial() {
      return keyMaterial.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SrtKeyMaterial k && Arrays.equals(keyMaterial, k.keyMaterial);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(keyMaterial);
    }

    @Override
    public String toString() {
      return "SrtKeyMaterial[" + keyMaterial.length + " bytes]";
    }
  }
}
