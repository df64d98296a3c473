package dev.llmgateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.config.ConfigProblem;
import dev.llmgateway.config.GatewayConfig;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code server:} section of a configuration file. Problems are reported as the library
 * reports its own: one {@link ConfigProblem} per problem, its path from the file's root ({@code
 * server.keys[1].tenant}), unknown keys rejected with the keys that are allowed.
 */
final class ServerSection {
  static final List<String> KEYS =
      List.of(
          "host",
          "port",
          "adminKeySha256",
          "keysFile",
          "keys",
          "requestsPerMinute",
          "maxRequestBytes",
          "streamKeepAlive",
          "shutdownTimeout",
          "usageZone",
          "maxThreads");
  static final List<String> KEY_KEYS =
      List.of("id", "tenant", "sha256", "name", "requestsPerMinute", "revoked");

  private final List<ConfigProblem> problems;

  private ServerSection(List<ConfigProblem> problems) {
    this.problems = problems;
  }

  /**
   * Reads the section.
   *
   * @param node the section, or null when the file has none (every default)
   * @param baseDir the directory relative {@code keysFile} paths start from
   * @param problems receives every problem
   * @return the settings, meaningful only if no problem was added
   */
  static ServerSettings read(@Nullable JsonNode node, Path baseDir, List<ConfigProblem> problems) {
    return new ServerSection(problems).section(node, baseDir);
  }

  private ServerSettings section(@Nullable JsonNode node, Path baseDir) {
    String p = "server";
    if (node != null && !node.isObject()) {
      problem(p, "must be a mapping, was " + kind(node));
      node = null;
    }
    if (node != null) {
      unknownKeys(node, p, KEYS, "server");
    }
    JsonNode n = node;
    String host = text(n, p, "host", ServerSettings.DEFAULT_HOST);
    int port = (int) integer(n, p, "port", ServerSettings.DEFAULT_PORT, 0, 65535);
    String admin = text(n, p, "adminKeySha256", null);
    if (admin != null && !Secrets.isSha256Hex(admin)) {
      problem(p + ".adminKeySha256", "must be 64 lower-case hex digits (the key's SHA-256)");
      admin = null;
    }
    String keysFile = text(n, p, "keysFile", null);
    Integer rpm = optionalInt(n, p, "requestsPerMinute");
    long maxBytes =
        integer(
            n,
            p,
            "maxRequestBytes",
            ServerSettings.DEFAULT_MAX_REQUEST_BYTES,
            1,
            Integer.MAX_VALUE);
    Duration keepAlive =
        duration(n, p, "streamKeepAlive", ServerSettings.DEFAULT_STREAM_KEEP_ALIVE);
    Duration shutdown = duration(n, p, "shutdownTimeout", ServerSettings.DEFAULT_SHUTDOWN_TIMEOUT);
    ZoneId zone = zone(n, p);
    int threads = (int) integer(n, p, "maxThreads", ServerSettings.DEFAULT_MAX_THREADS, 8, 10_000);
    List<ApiKey> keys = keys(n == null ? null : n.get("keys"), p + ".keys");
    return new ServerSettings(
        host,
        port,
        admin,
        keysFile == null ? null : baseDir.resolve(Path.of(keysFile)).normalize(),
        keys,
        rpm,
        maxBytes,
        keepAlive,
        shutdown,
        zone,
        threads);
  }

  private List<ApiKey> keys(@Nullable JsonNode node, String p) {
    List<ApiKey> keys = new ArrayList<>();
    if (node == null || node.isNull()) {
      return keys;
    }
    if (!node.isArray()) {
      problem(p, "must be a list, was " + kind(node));
      return keys;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String at = p + "[" + i + "]";
      JsonNode k = node.get(i);
      if (!k.isObject()) {
        problem(at, "must be a mapping with id, tenant and sha256, was " + kind(k));
        continue;
      }
      unknownKeys(k, at, KEY_KEYS, "key");
      String id = required(k, at, "id");
      String tenant = required(k, at, "tenant");
      String sha = required(k, at, "sha256");
      if (sha != null && !Secrets.isSha256Hex(sha)) {
        problem(at + ".sha256", "must be 64 lower-case hex digits (the key's SHA-256)");
        sha = null;
      }
      if (id != null && !ids.add(id)) {
        problem(at + ".id", "duplicate key id '" + id + "'");
      }
      String name = text(k, at, "name", null);
      Integer rpm = optionalInt(k, at, "requestsPerMinute");
      boolean revoked = bool(k, at, "revoked");
      if (id != null && tenant != null && sha != null) {
        keys.add(
            new ApiKey(id, tenant, sha, name, null, revoked ? java.time.Instant.EPOCH : null, rpm));
      }
    }
    return keys;
  }

  private void unknownKeys(JsonNode node, String p, List<String> allowed, String what) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      if (!allowed.contains(key)) {
        problem(p + "." + key, "unknown key; " + what + " keys are " + String.join(", ", allowed));
      }
    }
  }

  private @Nullable String required(JsonNode node, String p, String key) {
    String v = text(node, p, key, null);
    if (v == null && !node.has(key)) {
      problem(p + "." + key, "is required");
    }
    if (v != null && v.isBlank()) {
      problem(p + "." + key, "must not be blank");
      return null;
    }
    return v;
  }

  private @Nullable String text(
      @Nullable JsonNode node, String p, String key, @Nullable String dflt) {
    JsonNode v = node == null ? null : node.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual() && !v.isNumber()) {
      problem(p + "." + key, "must be text, was " + kind(v));
      return dflt;
    }
    return v.asText();
  }

  private boolean bool(JsonNode node, String p, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      problem(p + "." + key, "must be true or false, was " + kind(v));
      return false;
    }
    return v.booleanValue();
  }

  private long integer(
      @Nullable JsonNode node, String p, String key, long dflt, long min, long max) {
    JsonNode v = node == null ? null : node.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      problem(
          p + "." + key, "must be a whole number from " + min + " to " + max + ", was " + show(v));
      return dflt;
    }
    return v.asLong();
  }

  private @Nullable Integer optionalInt(@Nullable JsonNode node, String p, String key) {
    if (node == null || node.get(key) == null || node.get(key).isNull()) {
      return null;
    }
    return (int) integer(node, p, key, 1, 1, Integer.MAX_VALUE);
  }

  private Duration duration(@Nullable JsonNode node, String p, String key, Duration dflt) {
    String t = text(node, p, key, null);
    if (t == null) {
      return dflt;
    }
    try {
      Duration d = GatewayConfig.parseDuration(t);
      if (d.isNegative() || d.isZero()) {
        problem(p + "." + key, "must be a positive duration, was '" + t + "'");
        return dflt;
      }
      return d;
    } catch (IllegalArgumentException e) {
      problem(p + "." + key, e.getMessage());
      return dflt;
    }
  }

  private ZoneId zone(@Nullable JsonNode node, String p) {
    String t = text(node, p, "usageZone", null);
    if (t == null) {
      return java.time.ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(t);
    } catch (DateTimeException e) {
      problem(p + ".usageZone", "must be a time zone such as UTC or Europe/Paris, was '" + t + "'");
      return java.time.ZoneOffset.UTC;
    }
  }

  private void problem(String path, String message) {
    problems.add(new ConfigProblem(path, message));
  }

  private static String kind(JsonNode v) {
    return v.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private static String show(JsonNode v) {
    return v.isValueNode() ? v.asText() : kind(v);
  }
}
