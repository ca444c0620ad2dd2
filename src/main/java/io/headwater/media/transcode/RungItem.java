package io.headwater.media.transcode;

import io.headwater.media.MediaItem;

/** An item of one rung's output stream: {@code rung} indexes the configured ladder. */
record RungItem(int rung, MediaItem item) {}
