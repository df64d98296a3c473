package dev.llmgateway.examples.demo;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * A one-line progress bar, redrawn in place with a carriage return, and only when the output is a
 * terminal: redirected to a file or a pipe (or in tests) it prints nothing.
 */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean enabled;
  private final int total;
  private int shown = -1;

  private Progress(PrintStream out, boolean enabled, int total) {
    this.out = out;
    this.enabled = enabled;
    this.total = total;
  }

  /**
   * A bar on the terminal when there is one.
   *
   * @param out where the bar is drawn
   * @param total the number of steps
   * @return the bar, which draws nothing without a terminal
   */
  static Progress onTerminal(PrintStream out, int total) {
    return new Progress(out, isTerminal(), total);
  }

  /**
   * A bar that never draws.
   *
   * @return the bar
   */
  static Progress none() {
    return new Progress(System.out, false, 1);
  }

  /**
   * Shows that {@code done} steps are done.
   *
   * @param done the steps done
   * @param note a short note after the bar
   */
  void update(int done, String note) {
    if (!enabled) {
      return;
    }
    int filled = done * WIDTH / total;
    if (filled == shown && done != total && done % 10 != 0) {
      return;
    }
    shown = filled;
    out.print(
        String.format(
            Locale.ROOT,
            "\r  [%s%s] %d/%d calls  %s   ",
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            done,
            total,
            note));
    out.flush();
  }

  /** Clears the bar's line. */
  void finish() {
    if (enabled) {
      out.print("\r" + " ".repeat(WIDTH + 70) + "\r");
      out.flush();
    }
  }

  /**
   * Whether standard output is a terminal. {@link System#console()} is null without one up to Java
   * 21; from Java 22 on it may exist anyway, and {@code Console.isTerminal()} tells.
   */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
