package dev.llmgateway.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.ConfigProblem;
import dev.llmgateway.config.ConfigSource;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.config.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The server's configuration file as the library's {@link ConfigSource}: the file is the library's
 * format plus a top-level {@code server:} section. {@link #load} splits them: the section is read
 * by {@link ServerSection}, the rest by {@link GatewayConfig#parse}; the problems of both come back
 * together, in one {@link ConfigException}, each with its path. Each accepted load hands the server
 * settings to a listener, so that keys change with the file (a reload). Change signals come from
 * {@link ConfigSource#file}'s watching.
 */
final class ServerConfigSource implements ConfigSource {
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private final Path file;
  private final ConfigSource watcher;
  private final Consumer<Split> onSettings;

  ServerConfigSource(Path file, Consumer<Split> onSettings) {
    this.file = Objects.requireNonNull(file, "file");
    this.watcher = ConfigSource.file(file);
    this.onSettings = Objects.requireNonNull(onSettings, "onSettings");
  }

  @Override
  public String name() {
    return file.toString();
  }

  @Override
  public GatewayConfig load(SecretResolver resolver) {
    Split split = split(file, resolver);
    onSettings.accept(split);
    return split.config();
  }

  @Override
  public Subscription subscribe(Runnable onChange) {
    return watcher.subscribe(onChange);
  }

  /** The file read and validated, both parts. */
  record Split(ServerSettings settings, GatewayConfig config, JsonNode library) {}

  /**
   * Reads and validates the file.
   *
   * @throws ConfigException with every problem of both parts
   */
  static Split split(Path file, SecretResolver resolver) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(source, List.of(new ConfigProblem("", "the file does not exist")));
    } catch (IOException e) {
      throw new ConfigException(
          source, List.of(new ConfigProblem("", "the file cannot be read: " + e)));
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      // The library words syntax errors without showing anything that may be a secret.
      GatewayConfig.parse(text, source, resolver);
      throw new ConfigException(source, List.of(new ConfigProblem("", "is not valid YAML")));
    }
    List<ConfigProblem> problems = new ArrayList<>();
    JsonNode section = null;
    if (root instanceof ObjectNode object) {
      section = object.remove("server");
    }
    Path base = file.toAbsolutePath().getParent();
    ServerSettings settings = ServerSection.read(section, base, problems);
    JsonNode library = root == null ? Json.object() : root;
    GatewayConfig config = null;
    try {
      config = GatewayConfig.parse(Json.text(library), source, resolver);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty() || config == null) {
      throw new ConfigException(source, sorted(problems));
    }
    return new Split(settings, config, library);
  }

  private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
    List<ConfigProblem> copy = new ArrayList<>(problems);
    copy.sort((a, b) -> a.path().compareTo(b.path()));
    return copy;
  }
}
