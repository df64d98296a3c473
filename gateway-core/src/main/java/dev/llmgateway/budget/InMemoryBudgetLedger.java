package dev.llmgateway.budget;

import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.model.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory {@link BudgetLedger}: one {@link ReentrantLock} serializes reservations (and window
 * roll-overs), so a reservation over several budgets is atomic; settling and releasing take no
 * lock. Each account keeps its committed amount (spent + reserved) in one atomic long, which a
 * reservation checks against the limit and raises under the lock, and which a settle changes by
 * {@code actual - reserved} in one atomic step: every outcome is one a fully locked ledger could
 * give (the settle ordered before or after the reservation), so a budget is still never exceeded by
 * reservations. Settling is every call's second ledger operation, and a lock there made many
 * callers on few cores queue behind a preempted holder. No user code runs under the lock. An
 * account belongs to a budget's scope and window, not to its limit: a budget redefined with another
 * limit or alert (a reloaded configuration) keeps the spend of its running window, and the new
 * values apply to it.
 */
final class InMemoryBudgetLedger implements BudgetLedger {
  private final ZoneId zone;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Identity, Account> accounts = new HashMap<>();

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

  /** One budget's current window. Replaced (roll-over) and raised only under {@link #lock}. */
  private static final class Account {
    volatile Budget budget;
    final Instant windowStart;

    /** Spent plus reserved: what the limit is checked against. */
    final AtomicLong committed = new AtomicLong();

    final AtomicLong spent = new AtomicLong();
    final AtomicBoolean alerted = new AtomicBoolean();

    Account(Budget budget, Instant windowStart) {
      this.budget = budget;
      this.windowStart = windowStart;
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

  /**
   * The account of the window containing now, rolling over to a new window, with the budget's
   * current definition (limit, alert). Under the lock.
   */
  private Account account(Budget budget, Instant now) {
    Instant start = windowStart(budget.window(), now);
    Identity id = Identity.of(budget);
    Account a = accounts.get(id);
    if (a == null || a.windowStart.isBefore(start)) {
      a = new Account(budget, start);
      accounts.put(id, a);
    } else {
      a.budget = budget;
    }
    return a;
  }

  @Override
  public Reservation reserve(List<Budget> budgets, Money amount, Instant now) {
    if (amount == null || amount.nanos() < 0) {
      throw new IllegalArgumentException("amount must be zero or more, was " + amount);
    }
    long nanos = amount.nanos();
    List<Account> held = new ArrayList<>(budgets.size());
    lock.lock();
    try {
      for (Budget b : budgets) {
        Account a = account(b, now);
        long committed = a.committed.get();
        if (committed + nanos > b.limit().nanos()) {
          long spent = a.spent.get();
          throw new BudgetExceededException(
              b.toString(),
              b.limit().toUsd(),
              Money.ofNanos(spent).toUsd(),
              Money.ofNanos(Math.max(0, committed - spent)).toUsd());
        }
        if (!held.contains(a)) {
          held.add(a);
        }
      }
      for (Account a : held) {
        // Settles may lower (or, beyond the worst case, raise) committed meanwhile: the result is
        // that of this reservation followed by them.
        a.committed.addAndGet(nanos);
      }
    } finally {
      lock.unlock();
    }
    return new Held(held.toArray(new Account[0]), nanos);
  }

  /** percent % of limit, rounded down, without overflow. */
  static long threshold(long limit, int percent) {
    return limit / 100 * percent + (limit % 100) * percent / 100;
  }

  @Override
  public BudgetStatus status(Budget budget, Instant now) {
    lock.lock();
    try {
      Account a = accounts.get(Identity.of(budget));
      Instant start = windowStart(budget.window(), now);
      if (a == null || a.windowStart.isBefore(start)) {
        return new Account(budget, start).status();
      }
      return a.status(budget);
    } finally {
      lock.unlock();
    }
  }

  /** A reservation over the accounts of the windows it was made in. */
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
