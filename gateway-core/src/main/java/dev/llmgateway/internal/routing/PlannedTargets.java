package dev.llmgateway.internal.routing;

import dev.llmgateway.model.TargetRef;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  // Room for an alias of a few targets and its fallbacks without growing; arrays, not an
  // ArrayList: every routed call fills one.
  private Plan.PlannedTarget[] items = new Plan.PlannedTarget[8];

  // The references' hash codes, in plan order, so that a scan compares ints before strings.
  private int[] hashes = new int[8];
  private int size;
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
    return i < 0 ? null : items[i];
  }

  /** Adds the target at the end, or replaces the one with its reference where it stands. */
  void put(Plan.PlannedTarget target) {
    put(target, target.ref().hashCode());
  }

  /** {@link #put(Plan.PlannedTarget)} with the reference's hash code given. */
  void put(Plan.PlannedTarget target, int hash) {
    int i = indexOf(target.ref(), hash);
    if (i >= 0) {
      items[i] = target;
      return;
    }
    append(target, hash);
  }

  /**
   * Adds a target the caller knows is not planned yet (it checked, or the plan is empty): no
   * lookup.
   *
   * @param target the target
   * @param hash its reference's hash code
   */
  void append(Plan.PlannedTarget target, int hash) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
    }
    items[size] = target;
    hashes[size] = hash;
    size++;
    if (index != null) {
      index.put(target.ref(), size - 1);
    } else if (size > SCAN_LIMIT) {
      reindex();
    }
  }

  /** Puts the target first, removing the one with its reference from where it stood. */
  void putFirst(Plan.PlannedTarget target) {
    int hash = target.ref().hashCode();
    int i = indexOf(target.ref(), hash);
    if (i < 0) {
      append(target, hash);
      i = size - 1;
    }
    System.arraycopy(items, 0, items, 1, i);
    System.arraycopy(hashes, 0, hashes, 1, i);
    items[0] = target;
    hashes[0] = hash;
    if (index != null) {
      reindex();
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /**
   * The targets in plan order: a read-only view, which a {@link Plan} takes without a copy once the
   * plan's builder is done with them.
   */
  List<Plan.PlannedTarget> values() {
    return new Values(this);
  }

  /** A read-only view of the planned targets. */
  static final class Values extends AbstractList<Plan.PlannedTarget> implements RandomAccess {
    private final PlannedTargets targets;

    Values(PlannedTargets targets) {
      this.targets = targets;
    }

    @Override
    public Plan.PlannedTarget get(int index) {
      return targets.items[Objects.checkIndex(index, targets.size)];
    }

    @Override
    public int size() {
      return targets.size;
    }
  }

  private int indexOf(TargetRef ref, int hash) {
    if (index != null) {
      Integer i = index.get(ref);
      return i == null ? -1 : i;
    }
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash) {
        TargetRef r = items[i].ref();
        if (r == ref || r.equals(ref)) {
          return i;
        }
      }
    }
    return -1;
  }

  private void reindex() {
    Map<TargetRef, Integer> m = new HashMap<>();
    for (int i = 0; i < size; i++) {
      m.put(items[i].ref(), i);
    }
    index = m;
  }
}
