package dev.llmgateway.internal.routing;

import dev.llmgateway.model.TargetRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The targets of a plan under construction, in plan order, one per reference. A plan holds a few
 * targets, so they are found by a scan of a list rather than through a hash map built per call; a
 * plan that grows past {@link #SCAN_LIMIT} targets gets an index.
 *
 * <p>Not thread-safe: one per plan, used by the thread that builds it.
 */
final class PlannedTargets {
  /** Up to this many targets, a lookup scans the list. */
  static final int SCAN_LIMIT = 16;

  private final List<Plan.PlannedTarget> list = new ArrayList<>(4);

  // The references' hash codes, in list order, so that a scan compares ints before strings.
  private int[] hashes = new int[4];
  private @Nullable Map<TargetRef, Integer> index;

  /** Whether a target with this reference is planned. */
  boolean containsKey(TargetRef ref) {
    return indexOf(ref) >= 0;
  }

  /** The planned target with this reference, or null. */
  Plan.@Nullable PlannedTarget get(TargetRef ref) {
    int i = indexOf(ref);
    return i < 0 ? null : list.get(i);
  }

  /** Adds the target at the end, or replaces the one with its reference where it stands. */
  void put(Plan.PlannedTarget target) {
    int i = indexOf(target.ref());
    if (i >= 0) {
      list.set(i, target);
      return;
    }
    list.add(target);
    if (hashes.length < list.size()) {
      hashes = Arrays.copyOf(hashes, hashes.length * 2);
    }
    hashes[list.size() - 1] = target.ref().hashCode();
    if (index != null) {
      index.put(target.ref(), list.size() - 1);
    } else if (list.size() > SCAN_LIMIT) {
      reindex();
    }
  }

  /** Puts the target first, removing the one with its reference from where it stood. */
  void putFirst(Plan.PlannedTarget target) {
    int i = indexOf(target.ref());
    if (i >= 0) {
      list.remove(i);
    }
    list.add(0, target);
    if (hashes.length < list.size()) {
      hashes = Arrays.copyOf(hashes, hashes.length * 2);
    }
    for (int k = list.size() - 1; k > 0; k--) {
      hashes[k] = list.get(k).ref().hashCode();
    }
    hashes[0] = target.ref().hashCode();
    if (index != null) {
      reindex();
    }
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  int size() {
    return list.size();
  }

  /** The targets in plan order, read-only. */
  List<Plan.PlannedTarget> values() {
    return Collections.unmodifiableList(list);
  }

  private int indexOf(TargetRef ref) {
    if (index != null) {
      Integer i = index.get(ref);
      return i == null ? -1 : i;
    }
    int hash = ref.hashCode();
    for (int i = 0; i < list.size(); i++) {
      if (hashes[i] == hash) {
        TargetRef r = list.get(i).ref();
        if (r == ref || r.equals(ref)) {
          return i;
        }
      }
    }
    return -1;
  }

  private void reindex() {
    Map<TargetRef, Integer> m = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      m.put(list.get(i).ref(), i);
    }
    index = m;
  }
}
