package dev.llmgateway.budget;

import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.model.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory {@link BudgetLedger}, without a lock. Each account keeps its committed amount
 * (spent + reserved) in one atomic long. A reservation raises each of its accounts in turn by
 * compare-and-set, only if the raise stays within that budget's limit; when one does not fit, the
 * raises already made are taken back and the reservation is refused, so reservations never exceed a
 * budget. A settle changes committed by {@code actual - reserved} in one atomic step, a release
 * takes the reserved amount back. With one budget per call (the usual case) every outcome is one a
 * fully locked ledger could give. With several, a reservation running at the same moment as one
 * that is refused on a later budget may see the earlier raise before it is taken back and be
 * refused too, where a locked ledger might have admitted it: only at the limit's edge, and never
 * the other way. Many callers on few cores no longer queue behind a preempted lock holder (the lock
 * this replaced was every call's first ledger operation). A window's roll-over replaces the account
 * atomically. No user code runs inside. An account belongs to a budget's scope and window, not to
 * its limit: a budget redefined with another limit or alert (a reloaded configuration) keeps the
 * spend of its running window, and the new values apply to it.
 */
final class InMemoryBudgetLedger implements BudgetLedger {
  private final ZoneId zone;
  private final ConcurrentHashMap<Identity, Account> accounts = new ConcurrentHashMap<>();

  /** What identifies a budget's account: its scope and window. */
  private record Identity(BudgetScope scope, BudgetWindow window) {
    static Identity of(Budget budget) {
      return new Identity(budget.scope(), budget.window());
    }
  }

  InMemoryBudgetLedger(ZoneId zone) {
    if (zone == null) {
      throw new IllegalArgumentException("zone must not be null");
    }
    this.zone = zone;
  }

  /** One budget's current window; replaced at roll-over. */
  private static final class Account {
    volatile Budget budget;
    final Instant windowStart;

    /** When the next window starts: the account is current before it. */
    final Instant windowEnd;

    /** Spent plus reserved: what the limit is checked against. */
    final AtomicLong committed = new AtomicLong();

    final AtomicLong spent = new AtomicLong();
    final AtomicBoolean alerted = new AtomicBoolean();

    Account(Budget budget, Instant windowStart, Instant windowEnd) {
      this.budget = budget;
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
    }

    BudgetStatus status() {
      return status(budget);
    }

    BudgetStatus status(Budget budget) {
      // Spent first: a settle raises committed before spent, so reserved never reads negative.
      long s = spent.get();
      long c = committed.get();
      long reserved = Math.max(0, c - s);
      long remaining = Math.max(0, budget.limit().nanos() - c);
      return new BudgetStatus(
          budget, windowStart, Money.ofNanos(s), Money.ofNanos(reserved), Money.ofNanos(remaining));
    }
  }

  Instant windowStart(BudgetWindow window, Instant now) {
    return switch (window) {
      case LIFETIME -> Instant.EPOCH;
      case DAILY -> now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
      case MONTHLY -> {
        ZonedDateTime z = now.atZone(zone);
        yield z.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
      }
    };
  }

  /** When the window after the one that starts at {@code start} starts. */
  Instant windowEnd(BudgetWindow window, Instant start) {
    return switch (window) {
      case LIFETIME -> Instant.MAX;
      case DAILY -> start.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
      case MONTHLY -> start.atZone(zone).toLocalDate().plusMonths(1).atStartOfDay(zone).toInstant();
    };
  }

  /**
   * The account of the window containing now, rolling over to a new window, with the budget's
   * current definition (limit, alert).
   */
  private Account account(Budget budget, Instant now) {
    Account a = accounts.get(Identity.of(budget));
    if (a != null && now.isBefore(a.windowEnd)) {
      if (a.budget != budget) {
        a.budget = budget;
      }
      return a;
    }
    Instant start = windowStart(budget.window(), now);
    return accounts.compute(
        Identity.of(budget),
        (id, old) -> {
          if (old == null || old.windowStart.isBefore(start)) {
            return new Account(budget, start, windowEnd(budget.window(), start));
          }
          old.budget = budget;
          return old;
        });
  }

  @Override
  public Reservation reserve(List<Budget> budgets, Money amount, Instant now) {
    if (amount == null || amount.nanos() < 0) {
      throw new IllegalArgumentException("amount must be zero or more, was " + amount);
    }
    long nanos = amount.nanos();
    Account[] held = new Account[budgets.size()];
    int count = 0;
    for (int i = 0; i < budgets.size(); i++) {
      Budget b = budgets.get(i);
      Account a = account(b, now);
      long limit = b.limit().nanos();
      if (indexOf(held, count, a) >= 0) {
        // A second budget on the same account: its limit is checked against the raise made.
        long committed = a.committed.get();
        if (committed > limit) {
          takeBack(held, count, nanos);
          throw exceeded(b, a, committed - nanos);
        }
        continue;
      }
      long committed;
      do {
        committed = a.committed.get();
        if (committed + nanos > limit) {
          takeBack(held, count, nanos);
          throw exceeded(b, a, committed);
        }
      } while (!a.committed.compareAndSet(committed, committed + nanos));
      held[count++] = a;
    }
    return new Held(count == held.length ? held : Arrays.copyOf(held, count), nanos);
  }

  private static int indexOf(Account[] accounts, int count, Account a) {
    for (int i = 0; i < count; i++) {
      if (accounts[i] == a) {
        return i;
      }
    }
    return -1;
  }

  /** Undoes the raises of a refused reservation. */
  private static void takeBack(Account[] accounts, int count, long nanos) {
    for (int i = 0; i < count; i++) {
      accounts[i].committed.addAndGet(-nanos);
    }
  }

  private static BudgetExceededException exceeded(Budget b, Account a, long committed) {
    long spent = a.spent.get();
    return new BudgetExceededException(
        b.toString(),
        b.limit().toUsd(),
        Money.ofNanos(spent).toUsd(),
        Money.ofNanos(Math.max(0, committed - spent)).toUsd());
  }

  static long threshold(long limit, int percent) {
    return limit / 100 * percent + (limit % 100) * percent / 100;
  }

  @Override
  public BudgetStatus status(Budget budget, Instant now) {
    Account a = accounts.get(Identity.of(budget));
    Instant start = windowStart(budget.window(), now);
    if (a == null || a.windowStart.isBefore(start)) {
      return new Account(budget, start, windowEnd(budget.window(), start)).status();
    }
    return a.status(budget);
  }

  private final class Held implements Reservation {
    private final Account[] accounts;
    private final long nanos;
    private final AtomicBoolean ended = new AtomicBoolean();

    Held(Account[] accounts, long nanos) {
      this.accounts = accounts;
      this.nanos = nanos;
    }

    @Override
    public Money amount() {
      return Money.ofNanos(nanos);
    }

    @Override
    public List<BudgetStatus> settle(Money actual) {
      if (actual == null || actual.nanos() < 0) {
        throw new IllegalArgumentException("actual cost must be zero or more, was " + actual);
      }
      if (!ended.compareAndSet(false, true)) {
        return List.of();
      }
      List<BudgetStatus> alerts = List.of();
      long spentNow = actual.nanos();
      for (Account a : accounts) {
        a.committed.addAndGet(spentNow - nanos);
        long spent = a.spent.addAndGet(spentNow);
        Budget budget = a.budget;
        int percent = budget.alertPercent();
        if (percent > 0
            && spent >= threshold(budget.limit().nanos(), percent)
            && a.alerted.compareAndSet(false, true)) {
          if (alerts.isEmpty()) {
            alerts = new ArrayList<>(1);
          }
          alerts.add(a.status());
        }
      }
      return alerts;
    }

    @Override
    public boolean release() {
      if (!ended.compareAndSet(false, true)) {
        return false;
      }
      for (Account a : accounts) {
        a.committed.addAndGet(-nanos);
      }
      return true;
    }
  }
}
