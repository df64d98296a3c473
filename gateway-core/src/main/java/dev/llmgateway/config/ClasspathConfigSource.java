package dev.llmgateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** A class-path resource; never signals a change. */
final class ClasspathConfigSource implements ConfigSource {
  private final String resource;
  private final ClassLoader loader;

  ClasspathConfigSource(String resource, ClassLoader loader) {
    if (resource == null || resource.isBlank()) {
      throw new IllegalArgumentException("A class-path resource name must not be blank");
    }
    if (loader == null) {
      throw new IllegalArgumentException("The class loader must not be null");
    }
    this.resource = resource.startsWith("/") ? resource.substring(1) : resource;
    this.loader = loader;
  }

  @Override
  public String name() {
    return "classpath:" + resource;
  }

  @Override
  public GatewayConfig load(SecretResolver resolver) {
    String text;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException(
            name(), List.of(new ConfigProblem("", "the class-path resource does not exist")));
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          name(), List.of(new ConfigProblem("", "the resource cannot be read: " + e)));
    }
    boolean json = resource.toLowerCase(Locale.ROOT).endsWith(".json");
    return GatewayConfig.read(text, json, name(), resolver);
  }

  @Override
  public String toString() {
    return "ConfigSource[" + name() + "]";
  }
}
