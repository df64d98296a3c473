package dev.llmgateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys file the {@code keys} command manages: JSON, {@code {"keys": [{"id", "tenant", "sha256",
 * "name", "createdAt", "revokedAt", "requestsPerMinute"}]}}. Written to a temporary file and
 * renamed over the old one, so a running server never reads half a file.
 */
final class KeyFile {
  private KeyFile() {}

  static List<ApiKey> read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    if (bytes.length == 0) {
      return List.of();
    }
    JsonNode root = Json.MAPPER.readTree(bytes);
    List<ApiKey> keys = new ArrayList<>();
    JsonNode list = root.path("keys");
    if (!list.isArray()) {
      throw new IOException(file + ": 'keys' must be a list");
    }
    for (JsonNode k : list) {
      try {
        keys.add(
            new ApiKey(
                k.path("id").asText(),
                k.path("tenant").asText(),
                k.path("sha256").asText(),
                k.hasNonNull("name") ? k.get("name").asText() : null,
                k.hasNonNull("createdAt") ? Instant.parse(k.get("createdAt").asText()) : null,
                k.hasNonNull("revokedAt") ? Instant.parse(k.get("revokedAt").asText()) : null,
                k.hasNonNull("requestsPerMinute") ? k.get("requestsPerMinute").asInt() : null));
      } catch (RuntimeException e) {
        throw new IOException(file + ": invalid key entry: " + e.getMessage(), e);
      }
    }
    return keys;
  }

  static void write(Path file, List<ApiKey> keys) throws IOException {
    ObjectNode root = Json.object();
    ArrayNode list = root.putArray("keys");
    for (ApiKey k : keys) {
      ObjectNode o = list.addObject();
      o.put("id", k.id());
      o.put("tenant", k.tenant());
      o.put("sha256", k.sha256());
      if (k.name() != null) {
        o.put("name", k.name());
      }
      if (k.createdAt() != null) {
        o.put("createdAt", k.createdAt().toString());
      }
      if (k.revokedAt() != null) {
        o.put("revokedAt", k.revokedAt().toString());
      }
      if (k.requestsPerMinute() != null) {
        o.put("requestsPerMinute", k.requestsPerMinute());
      }
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".keys", ".tmp");
    try {
      Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
