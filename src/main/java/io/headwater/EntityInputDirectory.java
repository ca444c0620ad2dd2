package io.headwater;

import io.headwater.liveinput.LiveInputException;
import io.headwater.liveinput.PlaybackDirectory;
import io.headwater.media.hls.InputDirectory;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Playback's view of the LiveInput entities: the domain's {@link PlaybackDirectory} behind HLS's interface. */
final class EntityInputDirectory implements InputDirectory {
  private final PlaybackDirectory directory;

  EntityInputDirectory(PlaybackDirectory directory) {
    this.directory = directory;
  }

  @Override
  public CompletionStage<Optional<InputPlayback>> lookup(String liveInputId) {
    return directory.playback(liveInputId)
        .thenApply(v -> Optional.of(new InputPlayback(v.allowedOrigins(), v.hideLiveViewerCount(), v.publisherNode())))
        .exceptionally(failure -> {
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
          if (cause instanceof LiveInputException.NotFound) return Optional.empty();
          throw new CompletionException(cause);
        });
  }
}
