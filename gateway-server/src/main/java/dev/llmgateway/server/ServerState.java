package dev.llmgateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the running server knows of its configuration file: the settings of its {@code server:}
 * section and the model names the library part declares, both replaced by a reload. Thread-safe.
 */
final class ServerState {
  private volatile ServerSettings settings;
  private volatile JsonNode library;
  private volatile boolean ready;

  ServerState(ServerSettings settings, JsonNode library) {
    this.settings = settings;
    this.library = library;
  }

  ServerSettings settings() {
    return settings;
  }

  void update(ServerSettings next, JsonNode nextLibrary) {
    settings = next;
    library = nextLibrary;
  }

  boolean ready() {
    return ready;
  }

  void ready(boolean value) {
    ready = value;
  }

  /**
   * {@code GET /v1/models}: the aliases the caller's tenant may use (its {@code allowAliases} when
   * the file restricts it), then the literal models it is allowed.
   */
  ObjectNode models(Caller caller) {
    JsonNode lib = library;
    JsonNode tenant = caller.tenant() == null ? null : lib.path("tenants").get(caller.tenant());
    JsonNode allowAliases = tenant == null ? null : tenant.get("allowAliases");
    TreeSet<String> names = new TreeSet<>();
    for (Map.Entry<String, JsonNode> entry : lib.path("aliases").properties()) {
      String alias = entry.getKey();
      if (allowAliases == null || contains(allowAliases, alias)) {
        names.add(alias);
      }
    }
    JsonNode allowModels = tenant == null ? null : tenant.get("allowModels");
    if (allowModels != null) {
      for (JsonNode m : allowModels) {
        if (!m.asText().contains("*")) {
          names.add(m.asText());
        }
      }
    }
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    for (String name : names) {
      ObjectNode m = data.addObject();
      m.put("id", name);
      m.put("object", "model");
      m.put("created", 0);
      m.put("owned_by", "llm-gateway");
    }
    return o;
  }

  private static boolean contains(JsonNode list, String value) {
    for (JsonNode n : list) {
      if (n.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
