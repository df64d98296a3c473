package dev.llmgateway.config;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The built-in {@code env} and {@code file} secret schemes. */
final class BuiltInSecrets {
  /** The {@code file} scheme. */
  static final SecretResolver FILES =
      new SecretResolver() {
        @Override
        public Set<String> schemes() {
          return Set.of("file");
        }

        @Override
        public Secret resolve(String scheme, String name) {
          return Secret.of(read(name));
        }

        @Override
        public String toString() {
          return "files";
        }
      };

  private BuiltInSecrets() {}

  /** The {@code env} scheme over a lookup. */
  static SecretResolver environment(Function<String, @Nullable String> lookup) {
    java.util.Objects.requireNonNull(lookup, "lookup");
    return new SecretResolver() {
      @Override
      public Set<String> schemes() {
        return Set.of("env");
      }

      @Override
      public Secret resolve(String scheme, String name) {
        String value = lookup.apply(name);
        if (value == null || value.isBlank()) {
          throw new ConfigurationException("environment variable '" + name + "' is not set");
        }
        return Secret.env(name, lookup);
      }

      @Override
      public String toString() {
        return "environment";
      }
    };
  }

  private static String read(String name) {
    Path file;
    try {
      file = Path.of(name);
    } catch (InvalidPathException e) {
      throw new ConfigurationException("'" + name + "' is not a file path", e);
    }
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("file " + file.toAbsolutePath() + " does not exist", e);
    } catch (IOException e) {
      throw new ConfigurationException(
          "file " + file.toAbsolutePath() + " cannot be read: " + e.getClass().getSimpleName(), e);
    }
    String value = content.strip();
    if (value.isEmpty()) {
      throw new ConfigurationException("file " + file.toAbsolutePath() + " is empty");
    }
    return value;
  }
}
