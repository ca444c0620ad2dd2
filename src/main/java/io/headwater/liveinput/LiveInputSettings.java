package io.headwater.liveinput;

import io.headwater.CborSerializable;

/**
 * What a user configures on a live input, apart from `enabled`, credentials and outputs.
 *
 * @param metaJson the user's `meta` object as compact JSON text (immutable; parsed only at the edge)
 * @param deleteRecordingAfterDays null or 30..1096
 */
public record LiveInputSettings(
    String metaJson,
    Recording recording,
    Integer deleteRecordingAfterDays,
    boolean preferLowLatency,
    String defaultCreator)
    implements CborSerializable {

  public static final LiveInputSettings DEFAULT =
      new LiveInputSettings("{}", Recording.DEFAULT, null, false, null);

  /** These settings with every field the patch names replaced. */
  public LiveInputSettings merge(Patch patch) {
    return new LiveInputSettings(
        patch.metaJson() != null ? patch.metaJson() : metaJson,
        patch.recording() != null ? recording.merge(patch.recording()) : recording,
        patch.deleteRecordingAfterDays() != null
            ? patch.deleteRecordingAfterDays().orElseNull()
            : deleteRecordingAfterDays,
        patch.preferLowLatency() != null ? patch.preferLowLatency() : preferLowLatency,
        patch.defaultCreator() != null ? patch.defaultCreator().orElseNull() : defaultCreator);
  }

  /** The fields a create or update request named; null = not named. */
  public record Patch(
      String metaJson,
      Recording.Patch recording,
      Nullable<Integer> deleteRecordingAfterDays,
      Boolean preferLowLatency,
      Nullable<String> defaultCreator)
      implements CborSerializable {
    public static final Patch NONE = new Patch(null, null, null, null, null);
  }
}
