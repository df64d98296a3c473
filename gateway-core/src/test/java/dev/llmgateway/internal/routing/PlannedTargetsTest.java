package dev.llmgateway.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.TargetRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannedTargetsTest {
  /** Only the reference and the last-resort flag matter to the list; the rest is not read. */
  private static Plan.PlannedTarget target(String model, boolean lastResort) {
    return new Plan.PlannedTarget(
        new TargetRef("p", model), null, null, null, List.of(), lastResort);
  }

  private static List<String> models(PlannedTargets planned) {
    List<String> out = new ArrayList<>();
    for (Plan.PlannedTarget t : planned.values()) {
      out.add(t.ref().model() + (t.lastResort() ? "!" : ""));
    }
    return out;
  }

  @Test
  void keepsPlanOrderReplacesInPlaceAndMovesToTheFront() {
    // Below and above the scan limit, the same behaviour.
    for (int n : new int[] {3, PlannedTargets.SCAN_LIMIT + 5}) {
      PlannedTargets planned = new PlannedTargets();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        planned.put(target("m" + i, false));
        expected.add("m" + i);
      }
      assertThat(models(planned)).isEqualTo(expected);
      assertThat(planned.size()).isEqualTo(n);
      assertThat(planned.containsKey(new TargetRef("p", "m1"))).isTrue();
      assertThat(planned.containsKey(new TargetRef("q", "m1"))).isFalse();
      assertThat(planned.get(new TargetRef("p", "m" + (n - 1)))).isNotNull();

      planned.put(target("m1", true));
      expected.set(1, "m1!");
      assertThat(models(planned)).isEqualTo(expected);

      planned.putFirst(target("m2", false));
      expected.remove("m2");
      expected.add(0, "m2");
      assertThat(models(planned)).isEqualTo(expected);
      assertThat(planned.get(new TargetRef("p", "m2")).ref().model()).isEqualTo("m2");
      assertThat(planned.get(new TargetRef("p", "m0")).ref().model()).isEqualTo("m0");
      assertThat(planned.size()).isEqualTo(n);
    }
  }

  @Test
  void startsEmpty() {
    PlannedTargets planned = new PlannedTargets();
    assertThat(planned.isEmpty()).isTrue();
    assertThat(planned.get(new TargetRef("p", "m"))).isNull();
    assertThat(planned.values()).isEmpty();
  }

  @Test
  void putsANewTargetFirstAndAppendsWithoutALookup() {
    for (int n : new int[] {3, 8, PlannedTargets.SCAN_LIMIT + 5}) {
      PlannedTargets planned = new PlannedTargets();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Plan.PlannedTarget t = target("m" + i, false);
        planned.append(t, t.ref().hashCode());
        expected.add("m" + i);
      }
      planned.putFirst(target("new", false));
      expected.add(0, "new");
      assertThat(models(planned)).isEqualTo(expected);
      assertThat(planned.size()).isEqualTo(n + 1);
      for (String model : expected) {
        assertThat(planned.get(new TargetRef("p", model)).ref().model()).isEqualTo(model);
      }
      List<Plan.PlannedTarget> values = planned.values();
      assertThatThrownBy(() -> values.get(n + 1)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> values.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> values.add(target("x", false)))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
