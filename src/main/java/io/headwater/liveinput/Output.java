package io.headwater.liveinput;

import io.headwater.CborSerializable;

/**
 * A restream destination of a live input (Cloudflare's output). The stream key is a secret of the
 * destination's owner: it reaches only the API responses of the input's own account.
 */
public record Output(String uid, String url, String streamKey, boolean enabled) implements CborSerializable {
  public Output withEnabled(boolean value) {
    return new Output(uid, url, streamKey, value);
  }
}
