package dev.llmgateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.usage.UsageRecord;
import java.io.File;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * driven by Selenium: it loads with no console error, its numbers match {@code /v1/usage} for a
 * scripted workload, and a screenshot is kept as {@code target/dashboard.png}. Skipped when
 * Chromium is missing, except under {@code CI=true}, where it fails.
 */
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path dir;
  @TempDir Path profile;
  ServerFixture f;
  ChromeDriver driver;
  final List<UsageRecord> records = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "CI=true but chromium or chromium-driver is missing; .ci/run installs them");
    }
    Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed");
    f = new ServerFixture(dir, "", b -> b.usageSink(records::addAll));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1800",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (f != null) {
      f.close();
    }
  }

  void chat(String key, String team, String feature, String model) throws Exception {
    String body =
        "{\"model\":\""
            + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
    f.http.send(
        HttpRequest.newBuilder(URI.create(f.baseUrl() + "/v1/chat/completions"))
            .header("Authorization", "Bearer " + key)
            .header("X-Gateway-Team", team)
            .header("X-Gateway-Feature", feature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDashboardShowsWhatTheUsageApiReports() throws Exception {
    f.upstream.enqueue(FakeResponse.text("a b c").withUsage(120, 30, 0, 0));
    f.upstream.enqueue(FakeResponse.text("d e").withUsage(80, 20, 0, 0));
    f.upstream.enqueue(FakeResponse.text("f").withUsage(1000, 500, 0, 0));
    f.upstream.enqueue(FakeResponse.error(400, "invalid_request_error", null, "bad"));
    chat(f.acmeKey, "support", "faq", "fast");
    chat(f.acmeKey, "support", "triage", "fast");
    chat(f.acmeKey, "search", "answers", "sonnet");
    chat(f.narrowKey, "growth", "mail", "fast");
    await().atMost(Duration.ofSeconds(10)).until(() -> records.size() == 4);

    driver.get(f.baseUrl() + "/dashboard#key=" + f.adminKey);
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> d.findElement(By.id("status")).getText().startsWith("Loaded"));

    JsonNode usage =
        Json.MAPPER.readTree(f.call("GET", "/v1/usage?groupBy=day", f.adminKey, null).body());
    JsonNode total = usage.path("total");
    assertThat(total.path("requests").asLong()).isEqualTo(4);
    assertThat(text("total-requests")).isEqualTo(total.path("requests").asText());
    assertThat(text("total-tokens")).isEqualTo(total.path("totalTokens").asText());
    BigDecimal cost = new BigDecimal(total.path("costUsd").asText());
    assertThat(cost).isPositive();
    assertThat(new BigDecimal(text("total-spend")))
        .isEqualByComparingTo(cost.setScale(6, RoundingMode.HALF_UP));
    assertThat(text("error-rate")).isEqualTo("25.0%");
    assertThat(driver.findElement(By.id("by-team")).getText())
        .contains("support", "search", "growth");
    assertThat(driver.findElement(By.id("budgets")).getText()).contains("80%");
    Object drawn =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return ['chart-spend','chart-tokens','chart-requests','chart-model']"
                    + ".every(function (id) { return !!Chart.getChart(id); });");
    assertThat(drawn).isEqualTo(Boolean.TRUE);

    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Path kept = Path.of("target", "dashboard.png");
    Files.createDirectories(kept.getParent());
    Files.copy(shot.toPath(), kept, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(kept)).isPositive();

    // The tenant filter narrows every number to that tenant's calls.
    ((JavascriptExecutor) driver)
        .executeScript("document.getElementById('tenant').value = 'narrow';");
    driver.findElement(By.id("load")).click();
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> d.findElement(By.id("total-requests")).getText().equals("1"));
    JsonNode narrow =
        Json.MAPPER.readTree(
            f.call("GET", "/v1/usage?groupBy=day&tenant=narrow", f.adminKey, null).body());
    assertThat(text("total-tokens")).isEqualTo(narrow.path("total").path("totalTokens").asText());

    List<LogEntry> errors =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertThat(errors).isEmpty();
  }

  @Test
  void theDataNeedsTheAdminKey() throws Exception {
    assertThat(f.call("GET", "/dashboard/api/summary", null, null).statusCode()).isEqualTo(401);
    assertThat(f.call("GET", "/dashboard/api/summary", f.acmeKey, null).statusCode())
        .isEqualTo(401);
    driver.get(f.baseUrl() + "/dashboard#key=" + f.acmeKey);
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> d.findElement(By.id("status")).getText().contains("401"));
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }
}
