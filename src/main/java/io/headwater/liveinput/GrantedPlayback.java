package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.util.Objects;

/**
 * The answer to an authorized pull playback, for the viewer's session alone: the node holding the publisher,
 * whose hub the viewer reads, and, for SRT playback, the media keys the viewer's key material carried (they
 * encrypt what it is sent). Never persisted.
 *
 * @param node the publisher's node, as {@link PublishAuthority#node()} names it
 * @param mediaKeys null unless the credential was {@link PublishCredential.SrtKeyMaterial}
 */
public record GrantedPlayback(String node, MediaKeys mediaKeys) implements CborSerializable {
  public GrantedPlayback {
    Objects.requireNonNull(node, "node");
  }
}
