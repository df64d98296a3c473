package dev.llmgateway.redis;

import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetLedger;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.budget.BudgetWindow;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.model.Money;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget ledger on Redis: one hash per budget scope and window ({@code spent}, {@code
 * reserved}, {@code alerted}, integer nano-dollars) and one sorted set of leases beside it, changed
 * only by Lua scripts, so that reserve, settle and release are atomic over every budget of a call
 * and cost one round trip each. A reservation is a lease {@code <id>:<amount>} whose score is its
 * expiry in Redis's own time: a reserve or a status read reclaims the expired leases of the budgets
 * it touches, so an instance that died returns its reservations once they expire. A settlement
 * after the lease expired still adds its cost. Keys expire a day after their window ends (lifetime
 * budgets never). Every budget key has the hash tag {@code {budgets}}, so the scripts run on one
 * cluster slot.
 *
 * <p>When Redis fails, the {@link Guard} decides: reservations go to the in-memory ledger ({@code
 * FAIL_LOCAL}) or are refused ({@code FAIL_CLOSED}). A settlement or release of a Redis lease that
 * cannot reach Redis is kept (up to {@value #MAX_PENDING}) and sent again after the next successful
 * command, so spend is not lost over a short outage. Thread-safe.
 */
final class RedisBudgetLedger implements BudgetLedger {
  private static final Logger log = LoggerFactory.getLogger(RedisBudgetLedger.class);

  /** The most settlements kept while Redis is unreachable; later ones are dropped with a WARN. */
  static final int MAX_PENDING = 100_000;

  /** How long a window's keys outlive its end, so late settlements land in it. */
  private static final Duration GRACE = Duration.ofDays(1);

  /**
   * How long a settled lease is remembered beyond its lease, so a resent settlement counts once.
   */
  private static final Duration SETTLED_MARKER = Duration.ofHours(1);

  private final Redis redis;
  private final Guard guard;
  private final BudgetLedger local;
  private final ZoneId zone;
  private final String prefix;
  private final long leaseMillis;
  private final String instance;
  private final AtomicLong leases = new AtomicLong();
  private final ConcurrentLinkedQueue<Supplier<CompletableFuture<?>>> pending =
      new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingCount = new AtomicInteger();

  RedisBudgetLedger(
      Redis redis, Guard guard, ZoneId zone, String prefix, Duration lease, String instance) {
    this.redis = redis;
    this.guard = guard;
    this.local = BudgetLedger.inMemory(zone);
    this.zone = zone;
    this.prefix = prefix + "{budgets}:";
    this.leaseMillis = Math.max(1, lease.toMillis());
    this.instance = instance;
  }

  /** One budget's account in the window of a reservation. */
  private record Account(Budget budget, String key, Instant windowStart, long expireAt) {}

  private Account account(Budget b, Instant now) {
    Instant start;
    Instant end;
    switch (b.window()) {
      case DAILY -> {
        ZonedDateTime day = now.atZone(zone).toLocalDate().atStartOfDay(zone);
        start = day.toInstant();
        end = day.plusDays(1).toInstant();
      }
      case MONTHLY -> {
        ZonedDateTime month = now.atZone(zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
        start = month.toInstant();
        end = month.plusMonths(1).toInstant();
      }
      default -> {
        start = Instant.EPOCH;
        end = null;
      }
    }
    String key = prefix + b.scope() + "|" + b.window() + "|" + start.getEpochSecond();
    long expireAt = end == null ? 0 : end.plus(GRACE).getEpochSecond();
    return new Account(b, key, start, expireAt);
  }

  @Override
  public Reservation reserve(List<Budget> budgets, Money amount, Instant now) {
    if (amount == null || amount.nanos() < 0) {
      throw new IllegalArgumentException("amount must be zero or more, was " + amount);
    }
    if (budgets.isEmpty()) {
      return local.reserve(budgets, amount, now);
    }
    Map<String, Account> byKey = new LinkedHashMap<>();
    for (Budget b : budgets) {
      Account a = account(b, now);
      byKey.putIfAbsent(a.key(), a);
    }
    Account[] accounts = byKey.values().toArray(new Account[0]);
    String member = instance + "-" + leases.incrementAndGet() + ":" + amount.nanos();
    Object answer =
        guard.call(
            () -> reserveScript(accounts, amount.nanos(), member).thenApply(r -> (Object) r),
            () -> local.reserve(budgets, amount, now));
    if (answer instanceof Reservation inMemory) {
      return inMemory;
    }
    List<?> r = (List<?>) answer;
    int refused = ((Long) r.get(0)).intValue();
    if (refused > 0) {
      Budget b = accounts[refused - 1].budget();
      throw new BudgetExceededException(
          b.toString(),
          b.limit().toUsd(),
          Money.ofNanos((Long) r.get(1)).toUsd(),
          Money.ofNanos((Long) r.get(2)).toUsd());
    }
    drainPending();
    return new Lease(accounts, member, amount.nanos());
  }

  private CompletableFuture<List<Object>> reserveScript(
      Account[] accounts, long amount, String member) {
    int n = accounts.length;
    String[] keys = keys(accounts);
    byte[][] args = new byte[4 + 2 * n][];
    args[0] = Redis.arg(amount);
    args[1] = Redis.arg(leaseMillis);
    args[2] = Redis.arg(member);
    args[3] = Redis.arg(n);
    for (int i = 0; i < n; i++) {
      args[4 + 2 * i] = Redis.arg(accounts[i].budget().limit().nanos());
      args[5 + 2 * i] = Redis.arg(accounts[i].expireAt());
    }
    return redis.eval(Script.BUDGET_RESERVE, ScriptOutputType.MULTI, keys, args);
  }

  private static String[] keys(Account[] accounts) {
    int n = accounts.length;
    String[] keys = new String[2 * n];
    for (int i = 0; i < n; i++) {
      keys[i] = accounts[i].key();
      keys[n + i] = accounts[i].key() + "|leases";
    }
    return keys;
  }

  @Override
  public BudgetStatus status(Budget budget, Instant now) {
    Account a = account(budget, now);
    List<Object> r =
        guard.call(
            () ->
                redis.eval(
                    Script.BUDGET_STATUS,
                    ScriptOutputType.MULTI,
                    new String[] {a.key(), a.key() + "|leases"}),
            () -> null);
    if (r == null) {
      return local.status(budget, now);
    }
    return status(budget, a.windowStart(), (Long) r.get(0), (Long) r.get(1));
  }

  private static BudgetStatus status(Budget b, Instant windowStart, long spent, long reserved) {
    long remaining = Math.max(0, b.limit().nanos() - spent - reserved);
    return new BudgetStatus(
        b,
        b.window() == BudgetWindow.LIFETIME ? Instant.EPOCH : windowStart,
        Money.ofNanos(spent),
        Money.ofNanos(reserved),
        Money.ofNanos(remaining));
  }

  /** percent % of limit, rounded down, without overflow; as the in-memory ledger computes it. */
  static long threshold(long limit, int percent) {
    return limit / 100 * percent + (limit % 100) * percent / 100;
  }

  /** Sends the settlements kept during an outage, without waiting; keeps those that fail again. */
  private void drainPending() {
    if (pendingCount.get() == 0) {
      return;
    }
    Supplier<CompletableFuture<?>> op;
    while ((op = pending.poll()) != null) {
      pendingCount.decrementAndGet();
      Supplier<CompletableFuture<?>> again = op;
      guard.observe(
          op.get()
              .whenComplete(
                  (v, e) -> {
                    if (e != null) {
                      keep(again);
                    }
                  }));
    }
  }

  private void keep(Supplier<CompletableFuture<?>> op) {
    if (pendingCount.incrementAndGet() > MAX_PENDING) {
      pendingCount.decrementAndGet();
      log.warn("Budget settlements waiting for Redis exceed {}; one is dropped", MAX_PENDING);
      return;
    }
    pending.add(op);
  }

  /** Settlements and releases waiting for Redis. */
  int pending() {
    return pendingCount.get();
  }

  @Override
  public String toString() {
    return "RedisBudgetLedger{server=" + redis.server() + ", lease=" + leaseMillis + "ms}";
  }

  /** A lease on Redis over the accounts of the windows it was made in. */
  private final class Lease implements Reservation {
    private final Account[] accounts;
    private final String member;
    private final long nanos;
    private final AtomicBoolean ended = new AtomicBoolean();

    Lease(Account[] accounts, String member, long nanos) {
      this.accounts = accounts;
      this.member = member;
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
      List<Object> r =
          guard.always(
              () -> settleScript(actual.nanos()),
              () -> {
                keep(() -> settleScript(actual.nanos()));
                return List.of();
              });
      if (r.isEmpty()) {
        return List.of();
      }
      List<BudgetStatus> alerts = new ArrayList<>(r.size() / 3);
      for (int i = 0; i + 2 < r.size(); i += 3) {
        Account a = accounts[((Long) r.get(i)).intValue() - 1];
        alerts.add(status(a.budget(), a.windowStart(), (Long) r.get(i + 1), (Long) r.get(i + 2)));
      }
      return alerts;
    }

    private CompletableFuture<List<Object>> settleScript(long actual) {
      int n = accounts.length;
      byte[][] args = new byte[5 + 2 * n][];
      args[4 + 2 * n] = Redis.arg(leaseMillis + SETTLED_MARKER.toMillis());
      args[0] = Redis.arg(member);
      args[1] = Redis.arg(nanos);
      args[2] = Redis.arg(actual);
      args[3] = Redis.arg(n);
      for (int i = 0; i < n; i++) {
        Budget b = accounts[i].budget();
        args[4 + 2 * i] =
            Redis.arg(b.alertPercent() > 0 ? threshold(b.limit().nanos(), b.alertPercent()) : -1);
        args[5 + 2 * i] = Redis.arg(accounts[i].expireAt());
      }
      String[] keys = Arrays.copyOf(keys(accounts), 2 * n + 1);
      keys[2 * n] = prefix + "settled|" + member;
      return redis.eval(Script.BUDGET_SETTLE, ScriptOutputType.MULTI, keys, args);
    }

    @Override
    public boolean release() {
      if (!ended.compareAndSet(false, true)) {
        return false;
      }
      guard.always(
          this::releaseScript,
          () -> {
            keep(this::releaseScript);
            return 0L;
          });
      return true;
    }

    private CompletableFuture<Long> releaseScript() {
      return redis.eval(
          Script.BUDGET_RELEASE,
          ScriptOutputType.INTEGER,
          keys(accounts),
          Redis.arg(member),
          Redis.arg(nanos),
          Redis.arg(accounts.length));
    }
  }
}
