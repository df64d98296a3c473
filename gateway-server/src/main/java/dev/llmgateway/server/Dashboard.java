package dev.llmgateway.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.routing.KeyHealth;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.usage.UsageDimension;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code /dashboard}: a page of spend, tokens, requests, error and cache-hit rates by day, team,
 * feature, model and provider, budgets and their alert thresholds, fallbacks and circuit states.
 * The page and its scripts (the chart library vendored into the jar at build time) are static and
 * hold nothing secret; its data comes from {@code /dashboard/api/summary}, which takes the admin
 * key, as {@code /v1/usage} does.
 */
final class Dashboard {
  private static final String ROOT = "dev/llmgateway/server/dashboard/";
  private static final Map<String, String> FILES =
      Map.of(
          "/dashboard", "index.html",
          "/dashboard/", "index.html",
          "/dashboard/dashboard.js", "dashboard.js",
          "/dashboard/dashboard.css", "dashboard.css",
          "/dashboard/chart.umd.js", "chart.umd.js");

  private final GatewayClient gateway;
  private final KeyRing keys;
  private final UsageEndpoint usage;
  private final FallbackCounter fallbacks;
  private final Clock clock;

  Dashboard(
      GatewayClient gateway,
      KeyRing keys,
      UsageEndpoint usage,
      FallbackCounter fallbacks,
      Clock clock) {
    this.gateway = gateway;
    this.keys = keys;
    this.usage = usage;
    this.fallbacks = fallbacks;
    this.clock = clock;
  }

  void handle(Exchange ex, String path) throws IOException {
    if (path.equals("/dashboard/api/summary")) {
      String presented = Router.presentedKey(ex);
      if (presented == null || !keys.isAdmin(presented)) {
        throw ApiError.unauthorized("The dashboard's data takes the admin key");
      }
      ex.sendJson(200, summary(ex));
      return;
    }
    String file = FILES.get(path);
    if (file == null) {
      throw ApiError.notFound("No dashboard file " + path);
    }
    byte[] bytes;
    try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw ApiError.notFound("The dashboard file " + file + " is missing from this build");
      }
      bytes = in.readAllBytes();
    }
    String type =
        file.endsWith(".html")
            ? "text/html; charset=utf-8"
            : file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    ex.setHeader("Cache-Control", "no-cache");
    ex.setHeader(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    ex.send(200, type, bytes);
  }

  private ObjectNode summary(Exchange ex) {
    LocalDate today = LocalDate.now(clock.withZone(usage.zone()));
    LocalDate from = UsageEndpoint.date(ex.query("from"), "from", today.minusDays(6));
    LocalDate to = UsageEndpoint.date(ex.query("to"), "to", today);
    String tenant = ex.query("tenant");
    if (tenant != null && tenant.isBlank()) {
      tenant = null;
    }
    ObjectNode o = Json.object();
    o.put("from", from.toString());
    o.put("to", to.toString());
    if (tenant != null) {
      o.put("tenant", tenant);
    }
    ArrayNode tenants = o.putArray("tenants");
    for (UsageEndpoint.Group g : usage.report(from, to, List.of(UsageDimension.TENANT), null)) {
      if (!g.keys.get(0).isEmpty()) {
        tenants.add(g.keys.get(0));
      }
    }
    ObjectNode by = o.putObject("by");
    for (UsageDimension d :
        List.of(
            UsageDimension.DAY,
            UsageDimension.TEAM,
            UsageDimension.FEATURE,
            UsageDimension.MODEL,
            UsageDimension.PROVIDER)) {
      ArrayNode rows = by.putArray(UsageEndpoint.name(d));
      for (UsageEndpoint.Group g : usage.report(from, to, List.of(d), tenant)) {
        ObjectNode r = rows.addObject();
        r.put("key", g.keys.get(0));
        r.put("requests", g.requests);
        r.put("errors", g.requests - g.successes);
        r.put("cacheHits", g.cacheHits);
        r.put("inputTokens", g.inputTokens);
        r.put("outputTokens", g.outputTokens);
        r.put("costUsd", dev.llmgateway.model.Money.ofNanos(g.costNanos).toUsd().doubleValue());
      }
    }
    ArrayNode budgets = o.putArray("budgets");
    for (Budget b : gateway.budgets().all()) {
      for (BudgetStatus s : gateway.budgets().status(b.scope())) {
        if (!s.budget().equals(b)) {
          continue;
        }
        ObjectNode r = budgets.addObject();
        r.put("scope", b.scope().toString());
        r.put("window", b.window().toString());
        r.put("limitUsd", b.limit().toUsd().toPlainString());
        r.put("spentUsd", s.spent().toUsd().toPlainString());
        r.put("reservedUsd", s.reserved().toUsd().toPlainString());
        r.put("alertPercent", b.alertPercent());
      }
    }
    ObjectNode fb = o.putObject("fallbacks");
    fallbacks.snapshot().forEach(fb::put);
    ArrayNode circuits = o.putArray("circuits");
    for (TargetHealth t : gateway.health()) {
      for (KeyHealth k : t.keys()) {
        ObjectNode c = circuits.addObject();
        c.put("target", t.target().provider() + "/" + t.target().model());
        c.put("key", k.keyId());
        c.put("state", k.circuit().name());
      }
    }
    return o;
  }
}
