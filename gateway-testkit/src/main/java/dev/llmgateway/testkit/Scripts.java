package dev.llmgateway.testkit;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The scripted answers of a server and the order in which they are used: the shared queue, then the
 * model's queue, then (with the fault ratio's chance, a fault instead of) the model's default, then
 * the server's default.
 */
final class Scripts {
  private final ReentrantLock lock = new ReentrantLock();
  private final Queue<FakeResponse> shared = new ArrayDeque<>();
  private final Map<String, Queue<FakeResponse>> byModel = new HashMap<>();
  private final Map<String, FakeResponse> defaultByModel = new HashMap<>();
  private FakeResponse fallback = FakeResponse.echo();
  private double faultRatio;
  private List<FakeResponse> faults = List.of();
  private @Nullable Random faultRandom;

  void enqueue(FakeResponse response) {
    lock.lock();
    try {
      shared.add(response);
    } finally {
      lock.unlock();
    }
  }

  void enqueue(String model, FakeResponse response) {
    lock.lock();
    try {
      byModel.computeIfAbsent(model, m -> new ArrayDeque<>()).add(response);
    } finally {
      lock.unlock();
    }
  }

  void respondByDefault(String model, FakeResponse response) {
    lock.lock();
    try {
      defaultByModel.put(model, response);
    } finally {
      lock.unlock();
    }
  }

  void respondByDefault(FakeResponse response) {
    lock.lock();
    try {
      fallback = response;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Answers the given share of the requests that a default would answer with one of {@code faults},
   * drawn from a {@link Random} seeded with {@code seed}: one draw decides whether a request gets a
   * fault, a second picks the fault when there are several. A ratio of 0 turns it off.
   */
  void faultRatio(double ratio, long seed, List<FakeResponse> faults) {
    lock.lock();
    try {
      this.faultRatio = ratio;
      this.faults = List.copyOf(faults);
      this.faultRandom = ratio > 0 ? new Random(seed) : null;
    } finally {
      lock.unlock();
    }
  }

  /** Takes the answer for the next request naming {@code model}. */
  FakeResponse next(String model) {
    lock.lock();
    try {
      FakeResponse response = shared.poll();
      if (response != null) {
        return response;
      }
      Queue<FakeResponse> queue = byModel.get(model);
      response = queue == null ? null : queue.poll();
      if (response != null) {
        return response;
      }
      Random random = faultRandom;
      if (random != null && random.nextDouble() < faultRatio) {
        return faults.size() == 1 ? faults.get(0) : faults.get(random.nextInt(faults.size()));
      }
      return defaultByModel.getOrDefault(model, fallback);
    } finally {
      lock.unlock();
    }
  }
}
