package dev.llmgateway.config;

import static dev.llmgateway.config.ConfigFixtures.RESOLVER;
import static dev.llmgateway.config.ConfigFixtures.linesOf;
import static dev.llmgateway.config.ConfigFixtures.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.llmgateway.BuilderAccess;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {
  /** A made-up key in OpenAI's format; it must never appear in a message. */
  /**
   * An obviously fake key in a real key's shape, assembled so no key-shaped literal is in source.
   */
  private static final String LEAKED = "sk-" + "proj-" + "FAKEfake".repeat(4);

  private static final String MINIMAL =
      "providers:\n"
          + "  openai:\n"
          + "    apiKey: ${env:OPENAI_API_KEY}\n"
          + "aliases:\n"
          + "  fast:\n"
          + "    targets:\n"
          + "      - provider: openai\n"
          + "        model: gpt-4o-mini\n";

  @TempDir Path dir;

  @Test
  void readsTheDocumentedExampleWithoutAProblem() throws IOException {
    GatewayConfig config =
        GatewayConfig.parse(ConfigFixtures.documentedExample(), "example", RESOLVER);

    assertThat(config.source()).isEqualTo("example");
    assertThat(config).hasToString("GatewayConfig[example, providers=3, aliases=4]");
  }

  @Test
  void reportsFiveMistakesAtOnceEachWithItsPath() {
    String yaml =
        "providers:\n"
            + "  openai:\n"
            + "    apiKey: "
            + LEAKED
            + "\n"
            + "aliases:\n"
            + "  fast:\n"
            + "    targets:\n"
            + "      - {provider: openai, model: gpt-4o-mini}\n"
            + "      - {provider: openai, model: gpt-4.1, weight: 0}\n"
            + "    fallbacks: [openia/gpt-4o]\n"
            + "retriesPerTaget: 2\n"
            + "defaultTimeout: 30\n";

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> GatewayConfig.parse(yaml, "gateway.yaml", RESOLVER));

    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactly(
            "providers.openai.apiKey",
            "aliases.fast.targets[1].weight",
            "retriesPerTaget",
            "defaultTimeout",
            "aliases.fast.fallbacks[0]");
    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "providers.openai.apiKey: must be a secret reference such as ${env:OPENAI_API_KEY} or"
                + " ${file:/run/secrets/openai}; a literal key (not shown) is not accepted",
            "aliases.fast.targets[1].weight: must be at least 1, was 0",
            "retriesPerTaget: unknown key; did you mean 'retriesPerTarget'?",
            "defaultTimeout: must be a duration with a unit, such as 30s or 30ms, was 30",
            "aliases.fast.fallbacks[0]: 'openia/gpt-4o' names unknown provider 'openia'; did you"
                + " mean 'openai'? (providers: openai)");
    assertThat(e).isInstanceOf(ConfigurationException.class);
    assertThat(e.source()).isEqualTo("gateway.yaml");
    assertThat(e.getMessage())
        .startsWith("Configuration gateway.yaml has 5 problems:\n  providers.openai.apiKey: ")
        .doesNotContain(LEAKED);
  }

  @Test
  void theDocumentedFiveMistakesAreTheOnesReported() throws IOException {
    String doc =
        Files.readString(
            ConfigFixtures.ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
    String yaml =
        "providers:\n  openai:\n    apiKey: "
            + LEAKED
            + "\naliases:\n  fast:\n    targets:\n"
            + "      - {provider: openai, model: gpt-4o-mini}\n"
            + "      - {provider: openai, model: gpt-4.1, weight: 0}\n"
            + "    fallbacks: [openia/gpt-4o]\nretriesPerTaget: 2\ndefaultTimeout: 30\n";

    for (String line : linesOf(yaml)) {
      assertThat(doc).contains("  " + line + "\n");
    }
  }

  @Test
  void unknownKeysAreProblemsWithTheNearestKnownKey() {
    String yaml =
        MINIMAL
            + "        wieght: 3\n"
            + "    fallback: [openai/gpt-4o]\n"
            + "cache:\n"
            + "  default_ttl: 5m\n"
            + "  colour: blue\n";

    assertThat(linesOf(yaml))
        .containsExactly(
            "aliases.fast.targets[0].wieght: unknown key; did you mean 'weight'?",
            "aliases.fast.fallback: unknown key; did you mean 'fallbacks'?",
            "cache.default_ttl: unknown key; did you mean 'defaultTtl'?",
            "cache.colour: unknown key; cache keys are maxBytes, defaultTtl, partition,"
                + " cacheAllAliases, cacheSampled");
  }

  @Test
  void valuesOfTheWrongTypeOrRangeNameTheValueGiven() {
    String yaml =
        MINIMAL
            + "        temperature: 2.5\n"
            + "    strategy: wieghted\n"
            + "maxAttempts: three\n"
            + "retryBudget: {ratio: 1.5}\n"
            + "waitForCapacity: \"yes\"\n"
            + "idleTargetExpiry: 0s\n"
            + "budgetZone: Mars/Olympus\n"
            + "cache: {partition: TENANT, maxBytes: -1}\n"
            + "budgets:\n"
            + "  - {scope: team, window: weekly, limit: \"0.0000000001\"}\n"
            + "quotas:\n"
            + "  - {scope: eachTenant}\n";

    assertThat(linesOf(yaml))
        .containsExactly(
            "aliases.fast.targets[0].temperature: must be in [0, 2], was 2.5",
            "aliases.fast.strategy: must be one of weighted, ordered, roundRobin, leastBusy,"
                + " lowestLatency, lowestCost, stickyByUser, was 'wieghted'; did you mean"
                + " 'weighted'?",
            "maxAttempts: must be a whole number, was 'three'",
            "retryBudget.ratio: must be in [0, 1], was 1.5",
            "waitForCapacity: must be true or false, was 'yes'",
            "idleTargetExpiry: must be positive, was 0s",
            "budgetZone: must be a time-zone id such as UTC or Europe/Paris, was 'Mars/Olympus'",
            "cache.partition: must be one of tenant, team, feature, global, was 'TENANT'; did you"
                + " mean 'tenant'?",
            "cache.maxBytes: must be at least 1, was -1",
            "budgets[0].scope: must be global, tenant=NAME, team=NAME, feature=NAME, user=NAME,"
                + " tag:KEY=VALUE, provider=NAME or model=PROVIDER/MODEL, was 'team'",
            "budgets[0].window: must be one of daily, monthly, lifetime, was 'weekly'",
            "budgets[0].limit: must have at most 9 decimal places and fit in nano-dollars, was"
                + " '0.0000000001'",
            "quotas[0]: sets no limit; set requestsPerMinute, requestsPerDay or tokensPerMinute");
  }

  @Test
  void requiredKeysMissingAndKeysThatContradictEachOtherAreProblems() {
    String yaml =
        "providers:\n"
            + "  openai:\n"
            + "    apiKey: ${env:OPENAI_API_KEY}\n"
            + "    keys:\n"
            + "      - {id: default, secret: '${env:OPENAI_API_KEY}'}\n"
            + "      - {secret: '${env:OPENAI_API_KEY}'}\n"
            + "aliases:\n"
            + "  fast:\n"
            + "    targets: []\n"
            + "  slow:\n"
            + "    targets:\n"
            + "      - {provider: openai, model: m}\n"
            + "      - {provider: openai, model: m}\n"
            + "    fallbacks: [slow, fast, fast]\n"
            + "    hedge: {delay: 1s, percentile: 95}\n"
            + "retryBackoff: {initial: 10s}\n"
            + "circuitBreaker: {openDuration: 10m}\n"
            + "requestRules:\n"
            + "  - {minPromptTokens: 10, maxPromptTokens: 5, priority: high, tags: {priority: low},"
            + " routeTo: fast}\n"
            + "prices:\n"
            + "  - {provider: openai, model: m, input: \"1\"}\n"
            + "  - {provider: openai, model: n, sameAs: m, output: \"1\"}\n"
            + "usage:\n"
            + "  sinks: [{type: jsonLines, logger: x}]\n";

    assertThat(linesOf(yaml))
        .containsExactly(
            "providers.openai.keys[1].id: is required",
            "providers.openai.keys[0].id: repeats the key id 'default' of providers.openai.apiKey",
            "aliases.fast.targets: must list at least one target",
            "aliases.slow.fallbacks[2]: repeats 'fast' (also at [1])",
            "aliases.slow.hedge: set either delay, or percentile with initialDelay, not both",
            "aliases.slow.targets[1]: repeats target 'openai/m' (also at [0])",
            "retryBackoff.initial: max must be at least initial, was 5s < 10s",
            "circuitBreaker.openDuration: maxOpenDuration must be at least openDuration, was 5m"
                + " < 10m",
            "requestRules[0].minPromptTokens: must not exceed maxPromptTokens (5), was 10",
            "requestRules[0].priority: is the tag 'priority', which tags sets too; set one",
            "prices[0].output: is required (or sameAs)",
            "prices[1].output: does not go with sameAs, which copies a price",
            "usage.sinks[0].logger: is not a key of a jsonLines sink",
            "usage.sinks[0].directory: is required for a jsonLines sink",
            "aliases.slow.fallbacks[0]: an alias cannot fall back to itself");
  }

  @Test
  void referencesToNamesTheFileDoesNotDeclareAreProblems() {
    String yaml =
        "providers:\n"
            + "  claude:\n"
            + "    keys: [{id: primary, secret: '${env:ANTHROPIC_KEY_1}'}]\n"
            + "aliases:\n"
            + "  fast:\n"
            + "    targets:\n"
            + "      - {provider: claud, model: m}\n"
            + "      - {provider: claude, model: m, keys: [primray]}\n"
            + "defaultAlias: fats\n"
            + "defaultFallbacks: [cheap]\n"
            + "requestRules: [{routeTo: slow}]\n"
            + "modelRules: [{glob: 'gpt-*', provider: openai}]\n"
            + "budgets: [{scope: provider=claud, window: daily, limit: 5, downgradeTo: fsat}]\n"
            + "prices: [{provider: openai, model: x, sameAs: no-such-model}]\n";

    assertThat(linesOf(yaml))
        .containsExactly(
            "aliases.fast.targets[0].provider: names unknown provider 'claud'; did you mean"
                + " 'claude'? (providers: claude)",
            "aliases.fast.targets[1].keys[0]: provider 'claude' has no key 'primray'; did you mean"
                + " 'primary'? (its keys: primary)",
            "defaultFallbacks[0]: 'cheap' is neither an alias nor provider/model (aliases: fast)",
            "defaultAlias: names unknown alias 'fats'; did you mean 'fast'? (aliases: fast)",
            "requestRules[0].routeTo: names unknown alias 'slow' (aliases: fast)",
            "modelRules[0].provider: names unknown provider 'openai' (providers: claude)",
            "budgets[0].downgradeTo: 'fsat' is neither an alias; did you mean 'fast'? nor"
                + " provider/model (aliases: fast)",
            "budgets[0].scope: names unknown provider 'claud'; did you mean 'claude'? (providers:"
                + " claude)",
            "prices[0]: Cannot alias 'x' to unknown model 'openai/no-such-model'");
  }

  @Test
  void literalKeysAreRefusedWhereverTheyAreAndNeverShown() {
    String azureKey = "0123456789abcdef0123456789abcdef";
    String yaml =
        "providers:\n"
            + "  openai:\n"
            + "    apiKey: not-a-reference\n"
            + "    baseUrl: https://example.test/v1?key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv\n"
            + "    keys: [{id: k, secret: "
            + LEAKED
            + "}]\n"
            + "    headers:\n"
            + "      Authorization: Bearer abc\n"
            + "      x-trace: "
            + azureKey
            + "\n"
            + "    options: {token: 'Bearer "
            + LEAKED
            + "'}\n"
            + "aliases:\n"
            + "  fast:\n"
            + "    targets:\n"
            + "      - provider: openai\n"
            + "        model: gpt-4o\n"
            + "        extraParams: {nested: {list: [ok, "
            + LEAKED
            + "]}}\n";

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> GatewayConfig.parse(yaml, "keys.yaml", RESOLVER));

    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactly(
            "providers.openai.apiKey",
            "providers.openai.baseUrl",
            "providers.openai.keys[0].secret",
            "providers.openai.headers.Authorization",
            "providers.openai.headers.x-trace",
            "providers.openai.options.token",
            "aliases.fast.targets[0].extraParams.nested");
    assertThat(e.problems().get(0).message())
        .endsWith("a literal value (not shown) is not accepted");
    assertThat(e.problems().get(3).message()).startsWith("is a credential header");
    assertThat(e.getMessage())
        .doesNotContain(LEAKED)
        .doesNotContain(azureKey)
        .doesNotContain("AIzaSy")
        .doesNotContain("not-a-reference");
  }

  @Test
  void secretReferencesAreResolvedWhenLoadedAndEveryFailureIsAProblem() throws IOException {
    Path keyFile = Files.writeString(dir.resolve("key.txt"), "  from-a-file\n");
    String yaml =
        "providers:\n"
            + "  a:\n"
            + "    keys:\n"
            + "      - {id: env, secret: '${env:SET}'}\n"
            + "      - {id: unset, secret: '${env:UNSET}'}\n"
            + "      - {id: file, secret: '${file:"
            + keyFile
            + "}'}\n"
            + "      - {id: missing, secret: '${file:"
            + dir.resolve("missing.txt")
            + "}'}\n"
            + "      - {id: typo, secret: '${evn:SET}'}\n"
            + "      - {id: vault, secret: '${vault:llm/openai}'}\n";
    SecretResolver vault =
        new SecretResolver() {
          @Override
          public Set<String> schemes() {
            return Set.of("vault");
          }

          @Override
          public Secret resolve(String scheme, String name) {
            return Secret.of("vault-" + name.replace('/', '-'));
          }
        };
    Map<String, String> env = Map.of("SET", "env-value");
    SecretResolver resolver =
        vault.or(SecretResolver.environment(env::get)).or(SecretResolver.files());

    assertThat(problemsOf(yaml, resolver))
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "providers.a.keys[1].secret: cannot be resolved: environment variable 'UNSET' is not"
                + " set",
            "providers.a.keys[3].secret: cannot be resolved: file "
                + dir.resolve("missing.txt").toAbsolutePath()
                + " does not exist",
            "providers.a.keys[4].secret: unknown secret scheme 'evn'; did you mean 'env'?"
                + " (schemes: env, file, vault; add others with a SecretResolver)");

    String good =
        yaml.replace("${env:UNSET}", "${env:SET}")
            .replace("missing.txt", "key.txt")
            .replace("${evn:", "${env:");
    Path file = Files.writeString(dir.resolve("gateway.yml"), good);
    Map<String, Secret> keys =
        keysOf(GatewayClient.builder().secretResolver(resolver).config(file));
    assertThat(keys.get("env").source()).isEqualTo("env:SET");
    assertThat(keys.get("file").reveal()).isEqualTo("from-a-file");
    assertThat(keys.get("vault").reveal()).isEqualTo("vault-llm-openai");
  }

  @Test
  void theDefaultResolverReadsTheProcessEnvironmentAndFiles() {
    assertThat(SecretResolver.defaults().schemes()).containsExactlyInAnyOrder("env", "file");
    String path =
        System.getenv().entrySet().stream()
            .filter(e -> !e.getValue().isBlank())
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    assertThat(SecretResolver.defaults().resolve("env", path).source()).isEqualTo("env:" + path);
    assertThatThrownBy(() -> SecretResolver.defaults().resolve("env", "LLM_GATEWAY_NO_SUCH_VAR"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("environment variable 'LLM_GATEWAY_NO_SUCH_VAR' is not set");
  }

  @Test
  void jsonAndYamlSayTheSame() throws IOException {
    String yaml = ConfigFixtures.documentedExample(dir);
    JsonNode tree = new YAMLMapper().readTree(yaml);
    String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    Path jsonFile = Files.writeString(dir.resolve("gateway.json"), json);
    Path yamlFile = Files.writeString(dir.resolve("gateway.yaml"), yaml);

    GatewayConfig fromJson = GatewayConfig.load(jsonFile, RESOLVER);
    GatewayConfig fromYaml = GatewayConfig.load(yamlFile, RESOLVER);

    assertThat(fromJson.toString()).isEqualTo(fromYaml.toString().replace(".yaml", ".json"));
    assertThat(GatewayClient.builder().config(fromJson).toString())
        .isEqualTo(GatewayClient.builder().config(fromYaml).toString());
    assertThat(linesOf("{\"maxAttempts\": 0}"))
        .containsExactly("maxAttempts: must be at least 1, was 0");
  }

  @Test
  void syntaxErrorsNameTheLineAndNeverShowAKey() throws IOException {
    Path yaml = Files.writeString(dir.resolve("bad.yaml"), "providers:\n  a: [\n  b: " + LEAKED);
    Path json = Files.writeString(dir.resolve("bad.json"), "{\"maxAttempts\": " + LEAKED + "}");
    Path dup = Files.writeString(dir.resolve("dup.yaml"), "maxAttempts: 1\nmaxAttempts: 2\n");

    ConfigException y = catchThrowableOfType(ConfigException.class, () -> GatewayConfig.load(yaml));
    ConfigException j = catchThrowableOfType(ConfigException.class, () -> GatewayConfig.load(json));
    ConfigException d = catchThrowableOfType(ConfigException.class, () -> GatewayConfig.load(dup));

    assertThat(y.problems()).singleElement().satisfies(p -> assertThat(p.path()).isEmpty());
    assertThat(y.getMessage()).contains("is not valid YAML at line 3").doesNotContain(LEAKED);
    assertThat(j.getMessage()).contains("is not valid JSON at line 1").doesNotContain(LEAKED);
    assertThat(d.getMessage()).contains("at line 2").contains("Duplicate field 'maxAttempts'");
  }

  @Test
  void emptyMissingAndMisshapenFilesAreProblems() {
    assertThat(linesOf("")).containsExactly("the configuration is empty");
    assertThat(linesOf("- a\n- b\n"))
        .containsExactly("must be a mapping (gateway configuration), was a list");
    assertThat(linesOf("providers: [openai]\naliases:\n  fast:\nseed: 1.5\n"))
        .containsExactly(
            "providers: must be a mapping of names to values, was a list",
            "aliases.fast: has no value",
            "seed: must be a whole number, was 1.5");
    assertThatThrownBy(() -> GatewayConfig.load(Path.of("no/such/gateway.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Configuration no/such/gateway.yaml has 1 problem:\n  the file does not exist");
  }

  @Test
  void codeAddsToTheFileAndRefusalsOfTheBuilderNameTheirPath() throws IOException {
    Path file = Files.writeString(dir.resolve("gateway.yaml"), MINIMAL + "maxAttempts: 5\n");
    GatewayClient.Builder b =
        GatewayClient.builder()
            .secretResolver(RESOLVER)
            .config(file)
            .alias("code", a -> a.target("openai", "gpt-4.1"))
            .maxAttempts(2);
    assertThat(b.toString())
        .contains("Alias{name=fast")
        .contains("Alias{name=code")
        .contains("maxAttempts=2");

    GatewayConfig config = GatewayConfig.load(file, RESOLVER);
    assertThatThrownBy(() -> b.config(config))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration "
                + file
                + " has 2 problems:\n"
                + "  providers.openai: Provider 'openai' is already configured\n"
                + "  aliases.fast: Alias 'fast' is already configured");
  }

  @Test
  void aDerivedBuilderRefusesSharedSettingsNamingTheKey() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("gateway.yaml"),
            "circuitBreaker: {halfOpenProbes: 2}\nusage: {queueCapacity: 5}\nmaxAttempts: 4\n");
    try (GatewayClient client = GatewayClient.builder().build()) {
      ConfigException e =
          catchThrowableOfType(ConfigException.class, () -> client.newBuilder().config(file));
      assertThat(e.problems())
          .extracting(ConfigProblem::path)
          .containsExactly("circuitBreaker", "usage");
      assertThat(e.problems().get(0).message())
          .startsWith("circuitBreaker cannot be set on a builder from GatewayClient.newBuilder()");
    }
  }

  @Test
  void thePublishedSchemaIsReadable() {
    assertThat(GatewayConfig.jsonSchema())
        .startsWith("{")
        .contains("\"$schema\" : \"https://json-schema.org/draft/2020-12/schema\"");
  }

  private static Map<String, Secret> keysOf(GatewayClient.Builder b) {
    assertThat(b.toString()).doesNotContain("from-a-file").doesNotContain("vault-llm-openai");
    Map<String, Secret> keys = new java.util.HashMap<>();
    for (dev.llmgateway.spi.ProviderKey k : BuilderAccess.providerKeys(b, "a")) {
      keys.put(k.id(), k.secret());
    }
    return keys;
  }
}
