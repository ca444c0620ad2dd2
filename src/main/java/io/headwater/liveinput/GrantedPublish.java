package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.util.Objects;

/**
 * The answer to a granted StartPublish, for the session alone: the {@link PublishGrant} the entity recorded,
 * and, for an SRT publish, the media keys its key material carried. Only the grant is persisted.
 *
 * @param mediaKeys null unless the credential was {@link PublishCredential.SrtKeyMaterial}
 */
public record GrantedPublish(PublishGrant grant, MediaKeys mediaKeys) implements CborSerializable {
  public GrantedPublish {
    Objects.requireNonNull(grant, "grant");
  }
}
