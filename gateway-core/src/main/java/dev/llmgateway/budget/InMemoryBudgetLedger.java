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
 * long additions, and no user code runs under the lock.
 */
final class InMemoryBudgetLedger implements BudgetLedger {
  private final ZoneId zone;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Budget, Account> accounts = new HashMap<>();

  InMemoryBudgetLedger(ZoneId zone) {
    if (zone == null) {
      throw new IllegalArgumentException("zone must not be null");
    }
    this.zone = zone;
  }

  /** One budget's current window. Guarded by {@link #lock}. */
  private static final class Account {
    final Budget budget;
    final Instant windowStart;
    long spent;
    long reserved;
    boolean alerted;

    Account(Budget budget, Instant windowStart) {
      this.budget = budget;
      this.windowStart = windowStart;
    }

    BudgetStatus status() {
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

  /** The account of the window containing now, rolling over to a new window. Under the lock. */
  private Account account(Budget budget, Instant now) {
    Instant start = windowStart(budget.window(), now);
    Account a = accounts.get(budget);
    if (a == null || a.windowStart.isBefore(start)) {
      a = new Account(budget, start);
      accounts.put(budget, a);
    }
    return a;
  }

  @Override
  public Reservation reserve(List<Budget> budgets, Money amount, Instant now) {
    if (amount == null || amount.nanos() < 0) {
      throw new IllegalArgumentException("amount must be zero or more, was " + amount);
    }
    long nanos = amount.nanos();
    Account[] held = new Account[budgets.size()];
    lock.lock();
    try {
      for (int i = 0; i < held.length; i++) {
        Account a = account(budgets.get(i), now);
        if (a.spent + a.reserved + nanos > a.budget.limit().nanos()) {
          throw new BudgetExceededException(
              a.budget.toString(),
              a.budget.limit().toUsd(),
              Money.ofNanos(a.spent).toUsd(),
              Money.ofNanos(a.reserved).toUsd());
        }
        held[i] = a;
      }
      for (Account a : held) {
        a.reserved += nanos;
      }
    } finally {
      lock.unlock();
    }
    return new Held(held, nanos);
  }

  /** percent % of limit, rounded down, without overflow. */
  static long threshold(long limit, int percent) {
    return limit / 100 * percent + (limit % 100) * percent / 100;
  }

  @Override
  public BudgetStatus status(Budget budget, Instant now) {
    lock.lock();
    try {
      Account a = accounts.get(budget);
      Instant start = windowStart(budget.window(), now);
      if (a == null || a.windowStart.isBefore(start)) {
        return new Account(budget, start).status();
      }
      return a.status();
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
