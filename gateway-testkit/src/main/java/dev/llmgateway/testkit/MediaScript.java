package dev.llmgateway.testkit;

import org.jspecify.annotations.Nullable;

/**
 * What a scripted media answer holds: the image or audio bytes, or the transcript.
 *
 * @param type which media answer this is
 * @param bytes the image (each generated image is these bytes) or the speech audio, else null
 * @param text the transcript, else null
 */
record MediaScript(Type type, byte @Nullable [] bytes, @Nullable String text) {

  /** The media answers. */
  enum Type {
    IMAGE,
    TRANSCRIPTION,
    SPEECH
  }

  /** The operation this answer answers. */
  Dialect.Operation operation() {
    return switch (type) {
      case IMAGE -> Dialect.Operation.IMAGES;
      case TRANSCRIPTION -> Dialect.Operation.TRANSCRIPTION;
      case SPEECH -> Dialect.Operation.SPEECH;
    };
  }
}
