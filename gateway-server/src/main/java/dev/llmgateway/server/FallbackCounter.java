package dev.llmgateway.server;

import dev.llmgateway.CallInfo;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.TargetRef;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts fallbacks since the server started, by the target fallen back from and to. */
final class FallbackCounter extends GatewayEventListener {
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void fallback(CallInfo call, TargetRef from, TargetRef to, ErrorKind reason) {
    String key = from.provider() + "/" + from.model() + " -> " + to.provider() + "/" + to.model();
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
