package dev.llmgateway.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.testkit.LeanOpenAiServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * CPU time per plain chat call, gateway (production path) beside raw OkHttp + Jackson, on one
 * caller thread against the {@link LeanOpenAiServer}: the caller thread's CPU and the whole
 * process's CPU (the server's threads, the usage writer, OkHttp's watchdog included, the same for
 * both) per call. A third client runs the same production path over {@link InProcessProvider} (no
 * adapter, no HTTP): what the gateway's own stages cost. CPU time, unlike wall time, hardly depends
 * on what else the machine runs, so this is the figure to compare across loaded runs. Rounds
 * alternate the three clients; the median of the second half of the rounds (after warm-up) is
 * written.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.llmgateway.benchmarks.CpuPerCall
 * CALLS ROUNDS OUT_FILE}.
 */
public final class CpuPerCall {
  private CpuPerCall() {}

  /**
   * Measures and writes {@code key=value} lines (µs per call).
   *
   * @param args calls per round, rounds, the output file
   * @throws IOException if the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    int calls = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (LeanOpenAiServer server = LeanOpenAiServer.start();
        GatewayClient gateway = Fixtures.gateway(server.baseUrl(), false);
        GatewayClient inProcess = Fixtures.gatewayInProcess()) {
      OkHttpClient http = Fixtures.rawClient();
      Request raw = Fixtures.rawRequest(server.baseUrl(), false);
      ChatRequest request = Fixtures.request();
      String[] names = {"raw", "gateway", "inprocess"};
      double[][] m = new double[names.length * 2][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int which = 0; which < names.length; which++) {
          long p0 = os.getProcessCpuTime();
          long t0 = threads.getCurrentThreadCpuTime();
          for (int i = 0; i < calls; i++) {
            String text =
                switch (which) {
                  case 0 -> Fixtures.rawChat(http, raw);
                  case 1 -> gateway.chat(request).text();
                  default -> inProcess.chat(request).text();
                };
            if (text.isEmpty()) {
              throw new IllegalStateException("empty answer");
            }
          }
          m[which * 2][r] = (os.getProcessCpuTime() - p0) / 1e3 / calls;
          m[which * 2 + 1][r] = (threads.getCurrentThreadCpuTime() - t0) / 1e3 / calls;
        }
      }
      Fixtures.close(http);
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < m.length; k++) {
        double[] late = Arrays.copyOfRange(m[k], rounds / 2, rounds);
        Arrays.sort(late);
        sb.append(names[k / 2])
            .append(k % 2 == 0 ? ".process" : ".caller")
            .append('=')
            .append(String.format(Locale.ROOT, "%.1f", late[late.length / 2]))
            .append('\n');
      }
      Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
      System.out.print(sb);
    }
  }
}
