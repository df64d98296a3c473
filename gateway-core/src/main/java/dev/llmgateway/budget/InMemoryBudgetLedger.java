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
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory {@link BudgetLedger}: one {@link ReentrantLock} guards every account, so a
 * reservation over several budgets is atomic. Correctness first; the critical sections are a few
 * long additions, and no user code runs under the lock. An account belongs to a budget's scope and
 * window, not to its limit: a budget redefined with another limit or alert (a reloaded
 * configuration) keeps the spend of its running window, and the new values apply to it.
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

  /** One budget's current window. Guarded by {@link #lock}. */
  private static final class Account {
    Budget budget;
    final Instant windowStart;
    long spent;
    long reserved;
    boolean alerted;

    Account(Budget budget, Instant windowStart) {
      this.budget = budget;
      this.windowStart = windowStart;
    }

    BudgetStatus status() {
      return status(budget);
    }

    BudgetStatus status(Budget budget) {
      long remaining = Math.max(0, budget.limit().nanos() - spent - reserved);
      return new BudgetStatus(
          budget,
          windowStart,
          Money.ofNanos(spent),
          Money.ofNanos(reserved),
          Money.ofNanos(remaining));
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
        if (a.spent + a.reserved + nanos > b.limit().nanos()) {
          throw new BudgetExceededException(
              b.toString(),
              b.limit().toUsd(),
              Money.ofNanos(a.spent).toUsd(),
              Money.ofNanos(a.reserved).toUsd());
        }
        if (!held.contains(a)) {
          held.add(a);
        }
      }
      for (Account a : held) {
        a.reserved += nanos;
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
      lock.lock();
      try {
        for (Account a : accounts) {
          a.reserved -= nanos;
          a.spent += actual.nanos();
          int percent = a.budget.alertPercent();
          if (percent > 0
              && !a.alerted
              && a.spent >= threshold(a.budget.limit().nanos(), percent)) {
            a.alerted = true;
            if (alerts.isEmpty()) {
              alerts = new ArrayList<>(1);
            }
            alerts.add(a.status());
          }
        }
      } finally {
        lock.unlock();
      }
      return alerts;
    }

    @Override
    public boolean release() {
      if (!ended.compareAndSet(false, true)) {
        return false;
      }
      lock.lock();
      try {
        for (Account a : accounts) {
          a.reserved -= nanos;
        }
      } finally {
        lock.unlock();
      }
      return true;
    }
  }
}
