package dev.llmgateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.ConfigProblem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code gateway-server.jar}.
 *
 * <pre>
 * java -jar gateway-server.jar --config gateway.yaml [--port 8080]
 * java -jar gateway-server.jar keys create --tenant acme [--name ci] [--rpm 600] --config gateway.yaml
 * java -jar gateway-server.jar keys list --config gateway.yaml
 * java -jar gateway-server.jar keys revoke key_0123abcd --config gateway.yaml
 * java -jar gateway-server.jar keys admin
 * </pre>
 *
 * <p>The {@code keys} commands edit the file named by the configuration's {@code server.keysFile}
 * (or {@code --keys-file}); a running server picks the change up at once. {@code keys admin} prints
 * a new admin key and the SHA-256 to put in {@code server.adminKeySha256}.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the command line.
   *
   * @param args the arguments
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    int code = run(args, System.out, System.err, Clock.systemUTC());
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs a {@code keys} command or starts the server (and waits for it); returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err, Clock clock) throws Exception {
    if (args.length > 0 && args[0].equals("keys")) {
      try {
        return keys(args, out, clock);
      } catch (UsageError e) {
        err.println(e.getMessage());
        return 2;
      } catch (ConfigException e) {
        err.println(e.getMessage());
        return 1;
      }
    }
    Map<String, String> opts;
    try {
      opts = options(args, 0, List.of("--config", "--port"));
    } catch (UsageError e) {
      err.println(e.getMessage());
      return 2;
    }
    String config = opts.get("--config");
    if (config == null) {
      err.println(USAGE);
      return 2;
    }
    GatewayServer.Builder b = GatewayServer.builder(Path.of(config)).clock(clock);
    if (opts.containsKey("--port")) {
      b.port(Integer.parseInt(opts.get("--port")));
    }
    GatewayServer server;
    try {
      server = b.start();
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "llm-gateway-server-shutdown"));
    out.println("LLM gateway server listening on " + server.uri());
    server.awaitStop();
    return 0;
  }

  static final String USAGE =
      "usage: gateway-server --config FILE [--port N]\n"
          + "       gateway-server keys create --tenant T [--name N] [--rpm N]"
          + " (--config FILE | --keys-file FILE)\n"
          + "       gateway-server keys list (--config FILE | --keys-file FILE)\n"
          + "       gateway-server keys revoke ID (--config FILE | --keys-file FILE)\n"
          + "       gateway-server keys admin";

  private static int keys(String[] args, PrintStream out, Clock clock) throws IOException {
    if (args.length < 2) {
      throw new UsageError(USAGE);
    }
    String command = args[1];
    if (command.equals("admin")) {
      String key = Secrets.newKey();
      out.println("admin key (shown once; keep it secret): " + key);
      out.println("put in the configuration:  server.adminKeySha256: " + Secrets.sha256(key));
      return 0;
    }
    int at = 2;
    String id = null;
    if (command.equals("revoke")) {
      if (args.length < 3 || args[2].startsWith("--")) {
        throw new UsageError("keys revoke needs the key's id\n" + USAGE);
      }
      id = args[2];
      at = 3;
    }
    Map<String, String> opts =
        options(args, at, List.of("--config", "--keys-file", "--tenant", "--name", "--rpm"));
    Path file = keysFile(opts);
    List<ApiKey> keys = new ArrayList<>(KeyFile.read(file));
    switch (command) {
      case "create":
        String tenant = opts.get("--tenant");
        if (tenant == null || tenant.isBlank()) {
          throw new UsageError("keys create needs --tenant\n" + USAGE);
        }
        String key = Secrets.newKey();
        Integer rpm = opts.containsKey("--rpm") ? Integer.valueOf(opts.get("--rpm")) : null;
        ApiKey created =
            new ApiKey(
                Secrets.newId(),
                tenant,
                Secrets.sha256(key),
                opts.get("--name"),
                clock.instant(),
                null,
                rpm);
        keys.add(created);
        KeyFile.write(file, keys);
        out.println("id:     " + created.id());
        out.println("tenant: " + tenant);
        out.println("key:    " + key + "   (shown once; only its SHA-256 is stored)");
        return 0;
      case "list":
        out.printf("%-18s %-16s %-16s %-22s %s%n", "ID", "TENANT", "NAME", "CREATED", "STATUS");
        for (ApiKey k : keys) {
          out.printf(
              "%-18s %-16s %-16s %-22s %s%n",
              k.id(),
              k.tenant(),
              k.name() == null ? "" : k.name(),
              k.createdAt() == null ? "" : k.createdAt().toString(),
              k.revoked() ? "revoked " + k.revokedAt() : "active");
        }
        return 0;
      case "revoke":
        boolean found = false;
        for (int i = 0; i < keys.size(); i++) {
          if (keys.get(i).id().equals(id)) {
            keys.set(i, keys.get(i).revoke(clock.instant()));
            found = true;
          }
        }
        if (!found) {
          throw new UsageError("No key with id '" + id + "' in " + file);
        }
        KeyFile.write(file, keys);
        out.println("revoked " + id);
        return 0;
      default:
        throw new UsageError("Unknown keys command '" + command + "'\n" + USAGE);
    }
  }

  /** The keys file: {@code --keys-file}, or the configuration's {@code server.keysFile}. */
  private static Path keysFile(Map<String, String> opts) throws IOException {
    if (opts.containsKey("--keys-file")) {
      return Path.of(opts.get("--keys-file"));
    }
    String config = opts.get("--config");
    if (config == null) {
      throw new UsageError("Give --config FILE or --keys-file FILE\n" + USAGE);
    }
    Path path = Path.of(config);
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(path.toFile());
    } catch (IOException e) {
      throw new ConfigException(
          config, List.of(new ConfigProblem("", "the file cannot be read: " + e.getMessage())));
    }
    List<ConfigProblem> problems = new ArrayList<>();
    ServerSettings s =
        ServerSection.read(
            root == null ? null : root.get("server"), path.toAbsolutePath().getParent(), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(config, problems);
    }
    if (s.keysFile() == null) {
      throw new ConfigException(
          config,
          List.of(
              new ConfigProblem(
                  "server.keysFile", "is required for the keys commands (or give --keys-file)")));
    }
    return s.keysFile();
  }

  private static Map<String, String> options(String[] args, int from, List<String> allowed) {
    Map<String, String> opts = new HashMap<>();
    for (int i = from; i < args.length; i++) {
      String name = args[i];
      if (!allowed.contains(name)) {
        throw new UsageError("Unknown option '" + name + "'\n" + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new UsageError(name + " needs a value\n" + USAGE);
      }
      opts.put(name, args[++i]);
    }
    return opts;
  }

  /** A command line that cannot be run; its message says why and how. */
  static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }
}
