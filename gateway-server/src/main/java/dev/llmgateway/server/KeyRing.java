package dev.llmgateway.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller keys in force: those of the configuration file and of the keys file, by hash. A lookup
 * hashes the presented key and finds it in an immutable map that a reload replaces at once, so a
 * revoked key is refused from the next request on. Thread-safe.
 */
final class KeyRing {
  private static final Logger log = LoggerFactory.getLogger(KeyRing.class);

  private volatile Map<String, ApiKey> byHash = Map.of();
  private volatile @Nullable String adminHash;
  private volatile List<ApiKey> configKeys = List.of();
  private volatile @Nullable Path keysFile;

  /** Takes the keys of new settings, then reads the keys file again. */
  void update(ServerSettings settings) throws IOException {
    adminHash = settings.adminKeySha256();
    configKeys = settings.keys();
    keysFile = settings.keysFile();
    reloadFile();
  }

  /** Reads the keys file again; the keys in force stay if it cannot be read. */
  void reloadFile() throws IOException {
    Path file = keysFile;
    List<ApiKey> fromFile = file == null ? List.of() : KeyFile.read(file);
    Map<String, ApiKey> next = new HashMap<>();
    for (ApiKey k : configKeys) {
      next.put(k.sha256(), k);
    }
    for (ApiKey k : fromFile) {
      next.put(k.sha256(), k);
    }
    next.values().removeIf(ApiKey::revoked);
    byHash = Map.copyOf(next);
    log.debug("{} caller keys in force", byHash.size());
  }

  /** Reads the keys file again, logging (not throwing) when it cannot be read. */
  void reloadFileQuietly() {
    try {
      reloadFile();
    } catch (IOException | RuntimeException e) {
      log.warn("Keys file {} cannot be read; the keys in force stay: {}", keysFile, e.toString());
    }
  }

  /** The valid key whose hash matches the presented key, or null. */
  @Nullable ApiKey find(String presented) {
    return byHash.get(Secrets.sha256(presented));
  }

  /** Whether the presented key is the admin key. */
  boolean isAdmin(String presented) {
    String h = adminHash;
    return h != null && Secrets.sameHash(h, Secrets.sha256(presented));
  }

  /** The tenants that have a valid key. */
  List<String> tenants() {
    return byHash.values().stream().map(ApiKey::tenant).distinct().sorted().toList();
  }

  @Nullable Path keysFile() {
    return keysFile;
  }
}
