package dev.llmgateway.testkit;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The scripted answers of a server and the order in which they are used: the shared queue, then the
 * model's queue, then the model's default, then the server's default.
 */
final class Scripts {
  private final ReentrantLock lock = new ReentrantLock();
  private final Queue<FakeResponse> shared = new ArrayDeque<>();
  private final Map<String, Queue<FakeResponse>> byModel = new HashMap<>();
  private final Map<String, FakeResponse> defaultByModel = new HashMap<>();
  private FakeResponse fallback = FakeResponse.echo();

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
      return defaultByModel.getOrDefault(model, fallback);
    } finally {
      lock.unlock();
    }
  }
}
