package dev.llmgateway.internal.routing;

import dev.llmgateway.model.TargetRef;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
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

  // Room for an alias of a few targets and its fallbacks without growing.
  private final List<Plan.PlannedTarget> list = new ArrayList<>(8);

  // The references' hash codes, in list order, so that a scan compares ints before strings.
  private int[] hashes = new int[8];
  private @Nullable Map<TargetRef, Integer> index;

  /** Whether a target with this reference is planned. */
  boolean containsKey(TargetRef ref) {
    return indexOf(ref, ref.hashCode()) >= 0;
  }

  /** Whether a target with this reference, whose hash code is given, is planned. */
  boolean containsKey(TargetRef ref, int hash) {
    return indexOf(ref, hash) >= 0;
  }

  /** The planned target with this reference, or null. */
  Plan.@Nullable PlannedTarget get(TargetRef ref) {
    int i = indexOf(ref, ref.hashCode());
    return i < 0 ? null : list.get(i);
  }

  /** Adds the target at the end, or replaces the one with its reference where it stands. */
  void put(Plan.PlannedTarget target) {
    put(target, target.ref().hashCode());
  }

  /** {@link #put(Plan.PlannedTarget)} with the reference's hash code given. */
  void put(Plan.PlannedTarget target, int hash) {
    int i = indexOf(target.ref(), hash);
    if (i >= 0) {
      list.set(i, target);
      return;
    }
    list.add(target);
    if (hashes.length < list.size()) {
      hashes = Arrays.copyOf(hashes, hashes.length * 2);
    }
    hashes[list.size() - 1] = hash;
    if (index != null) {
      index.put(target.ref(), list.size() - 1);
    } else if (list.size() > SCAN_LIMIT) {
      reindex();
    }
  }

  /** Puts the target first, removing the one with its reference from where it stood. */
  void putFirst(Plan.PlannedTarget target) {
    int i = indexOf(target.ref(), target.ref().hashCode());
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

  /**
   * The targets in plan order: a read-only view, which a {@link Plan} takes without a copy once the
   * plan's builder is done with them.
   */
  List<Plan.PlannedTarget> values() {
    return new Values(list);
  }

  /** A read-only view of the planned targets. */
  static final class Values extends AbstractList<Plan.PlannedTarget> implements RandomAccess {
    private final List<Plan.PlannedTarget> list;

    Values(List<Plan.PlannedTarget> list) {
      this.list = list;
    }

    @Override
    public Plan.PlannedTarget get(int index) {
      return list.get(index);
    }

    @Override
    public int size() {
      return list.size();
    }
  }

  private int indexOf(TargetRef ref, int hash) {
    if (index != null) {
      Integer i = index.get(ref);
      return i == null ? -1 : i;
    }
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
