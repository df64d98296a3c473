package dev.llmgateway.internal.stream;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.error.StreamInterruptedException;
import dev.llmgateway.internal.attempt.AttemptContext;
import dev.llmgateway.internal.attempt.OpenedStream;
import dev.llmgateway.internal.attempt.Success;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import dev.llmgateway.pricing.ModelPrice;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ChunkStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A stream committed to one target: hands out the held-back chunks, then pulls the rest from the
 * provider on the reading thread, feeding each to a {@link ChatResponseAssembler}. A provider
 * failure from here on is final: it ends the iteration with a {@link StreamInterruptedException}.
 *
 * <p>Its reservation ends exactly once, whichever way the stream ends: settled with the reported
 * (or estimated) cost at its proper end, or with what was consumed so far when it breaks, is closed
 * early, cancelled, or ended because nobody closed it. The {@link Charge} is kept ({@link
 * #charge()}: token quotas settle with it) and added to the call's {@link CallState#charges()} so
 * that the usage record says what the budgets were charged.
 *
 * <p>Closing it before its proper end cancels its own provider call (see {@link OpenedStream}), not
 * the whole call.
 *
 * <p>Reading is confined to one thread; {@link #close()} may come from any thread and is also
 * triggered by the call's cancellation (async cancel). The assembler and the end of the reservation
 * are guarded by one lock, so a concurrent close sees exactly the chunks handed out (never a
 * half-added one) and, when it returns, the reservation has ended.
 */
public final class RealChatStream implements ChargedStream {
  private final CallState state;
  private final @Nullable String alias;
  private final TargetRef target;
  private final String keyId;
  private final List<Attempt> failed;
  private final long attemptStartNanos;
  private final ChunkStream source;
  private final Cancellation cancellation;
  private final ArrayDeque<ChatChunk> held;
  private final boolean sourceEnded;
  private final AtomicBoolean closed = new AtomicBoolean();

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock: the chunks handed out so far, and whether the reservation has ended.
  private final ChatResponseAssembler assembler = new ChatResponseAssembler();
  private boolean settled;
  private volatile @Nullable Charge charge;

  private boolean iterated;
  private boolean done;
  private @Nullable ChatChunk lookahead;
  private volatile @Nullable ChatResponse response;
  private volatile @Nullable RuntimeException failure;

  private final Spend spend;
  private final GatewayEventListener events;
  private final Reservation reservation;
  private final @Nullable ModelPrice price;
  private final LongSupplier inputTokens;
  private final String providerType;

  public RealChatStream(
      CallState state,
      @Nullable String alias,
      Success<OpenedStream> success,
      Spend spend,
      GatewayEventListener events) {
    AttemptContext attempt = success.attempt();
    this.spend = spend;
    this.events = events;
    this.reservation = attempt.reservation();
    this.price = attempt.price();
    this.inputTokens = attempt::inputTokens;
    this.providerType = success.target().provider().type();
    this.state = state;
    this.alias = alias;
    this.target = success.target().ref();
    this.keyId = success.keyId();
    this.failed = success.failed();
    this.attemptStartNanos = success.startNanos();
    this.source = success.value().source();
    this.cancellation = success.value().cancellation();
    this.held = new ArrayDeque<>(success.value().held());
    this.sourceEnded = success.value().ended();
    // The held-back chunks were received: a stream closed before they were read still consumed
    // them. They reach the caller first, in this order, so the assembled answer is the same.
    held.forEach(assembler::add);
    state.cancellation().onCancel(source::close);
  }

  @Override
  public Iterator<ChatChunk> iterator() {
    if (iterated) {
      throw new IllegalStateException("A ChatStream can be iterated only once");
    }
    if (closed.get()) {
      throw new IllegalStateException("ChatStream for '" + state.info().model() + "' is closed");
    }
    iterated = true;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (lookahead == null) {
          lookahead = pull();
        }
        return lookahead != null;
      }

      @Override
      public ChatChunk next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ChatChunk chunk = lookahead;
        lookahead = null;
        return chunk;
      }
    };
  }

  @Override
  public ChatResponse response() {
    ChatResponse r = response;
    if (r != null) {
      return r;
    }
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    if (closed.get()) {
      throw new IllegalStateException(
          "ChatStream for '" + state.info().model() + "' was closed before its end");
    }
    while (pull() != null) {
      // Drain: the assembler sees every chunk.
    }
    return java.util.Objects.requireNonNull(response);
  }

  /**
   * Closes the provider stream; before its proper end, also cancels the provider's call and settles
   * the reservation with what was consumed. Returns once the reservation has ended, even when
   * another thread is ending it at the same time.
   */
  @Override
  public void close() {
    closed.set(true);
    source.close();
    if (response == null) {
      // Closed before its proper end: abort the provider's call too (this stream's, not the call).
      cancellation.cancel();
    }
    settlePartial();
  }

  private @Nullable ChatChunk pull() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    if (done) {
      return null;
    }
    if (closed.get() || state.cancellation().isCancelled()) {
      throw closedWhileReading(null);
    }
    if (!held.isEmpty()) {
      return held.poll(); // already in the assembler
    }
    ChatChunk chunk = null;
    if (!sourceEnded) {
      try {
        chunk = source.next();
      } catch (ProviderException e) {
        if (closed.get() || state.cancellation().isCancelled()) {
          throw closedWhileReading(e);
        }
        throw fail(e);
      } catch (RuntimeException | Error e) {
        // A provider that broke its contract: the stream still ends, and its reservation with it.
        done = true;
        if (e instanceof RuntimeException r) {
          failure = r;
        }
        source.close();
        settlePartial();
        throw e;
      }
    }
    if (chunk == null) {
      finish();
      return null;
    }
    boolean accepted;
    lock.lock();
    try {
      accepted = !settled;
      if (accepted) {
        assembler.add(chunk);
      }
    } finally {
      lock.unlock();
    }
    if (!accepted) {
      // Closed by another thread while this chunk arrived: it was not charged, so not handed out.
      throw closedWhileReading(null);
    }
    return chunk;
  }

  private void finish() {
    List<BudgetStatus> alerts;
    IllegalStateException incomplete = null;
    lock.lock();
    try {
      if (settled) {
        alerts = null;
      } else {
        ChatResponse assembled = null;
        try {
          assembled = assembler.build(target.provider(), target.model());
        } catch (IllegalStateException e) {
          incomplete = e;
        }
        if (assembled == null) {
          alerts = null;
        } else {
          List<Attempt> attempts = new ArrayList<>(failed);
          attempts.add(new Attempt(target, keyId, null, null, attemptLatency()));
          Route route = new Route(alias, target, keyId, attempts, false, state.elapsed());
          boolean estimated = !assembled.usage().isReported();
          Usage charged = charged(assembled.usage(), assembled.text());
          Cost cost = Spend.cost(price, charged, estimated);
          alerts = settle(charged, cost, true);
          done = true;
          response = assembled.withRoute(route, cost);
        }
      }
    } finally {
      lock.unlock();
    }
    if (incomplete != null) {
      throw fail(
          new ProviderException(
              ErrorKind.MALFORMED_RESPONSE,
              target.provider(),
              target.model(),
              "Stream from "
                  + target
                  + " ended with an incomplete tool call: "
                  + incomplete.getMessage(),
              incomplete));
    }
    if (alerts == null) {
      // Closed by another thread as the stream ended; that close settled it.
      throw closedWhileReading(null);
    }
    alert(alerts);
    source.close();
  }

  private StreamInterruptedException fail(ProviderException e) {
    List<Attempt> attempts = new ArrayList<>(failed);
    String message = e.getMessage() == null ? e.kind().toString() : e.getMessage();
    attempts.add(new Attempt(target, keyId, e.kind(), message, attemptLatency()));
    String text;
    Usage usage;
    lock.lock();
    try {
      text = assembler.text();
      usage = assembler.usage();
    } finally {
      lock.unlock();
    }
    StreamInterruptedException x =
        new StreamInterruptedException(
            "Stream from "
                + target
                + " failed with "
                + e.kind()
                + " after "
                + text.length()
                + " characters had reached the caller; it cannot fall back",
            text,
            usage,
            target,
            attempts,
            e);
    done = true;
    failure = x;
    source.close();
    settlePartial();
    return x;
  }

  private CancellationException closedWhileReading(@Nullable Throwable cause) {
    CancellationException e =
        new CancellationException(
            "ChatStream for '" + state.info().model() + "' was closed while reading");
    if (cause != null) {
      e.initCause(cause);
    }
    done = true;
    failure = e;
    settlePartial();
    return e;
  }

  /**
   * Settles a stream that did not end properly, unless it already ended: with the usage the
   * provider reported so far, or else with the estimated prompt and the estimated tokens of the
   * text received (an estimate: the provider may have generated more than arrived).
   */
  private void settlePartial() {
    List<BudgetStatus> alerts;
    lock.lock();
    try {
      if (settled) {
        return;
      }
      Usage charged = charged(assembler.usage(), assembler.text());
      alerts = settle(charged, Spend.cost(price, charged, true), false);
    } finally {
      lock.unlock();
    }
    alert(alerts);
  }

  /** The reported usage, or the estimated prompt and the estimated tokens of the text. */
  private Usage charged(Usage usage, String text) {
    if (usage.isReported()) {
      return usage;
    }
    long out = spend.estimator().estimateText(providerType, target.model(), text);
    return Usage.of(inputTokens.getAsLong(), out);
  }

  /**
   * Ends the reservation with the cost (the lock held, once) and publishes the charge for the
   * call's usage record and token quotas first, so that a record built by another thread carries
   * it.
   */
  private List<BudgetStatus> settle(Usage charged, Cost cost, boolean completed) {
    settled = true;
    Charge c = new Charge(target, keyId, failed.size() + 1, charged, cost, completed);
    charge = c;
    state.charged(c);
    return reservation.settle(cost.amount());
  }

  @Override
  public @Nullable Charge charge() {
    return charge;
  }

  /** Reports crossed budget thresholds, outside the lock (listeners are user code). */
  private void alert(List<BudgetStatus> alerts) {
    for (BudgetStatus s : alerts) {
      events.budgetThresholdReached(s);
    }
  }

  private Duration attemptLatency() {
    return Duration.ofNanos(Math.max(0, state.ticker().read() - attemptStartNanos));
  }

  @Override
  public String toString() {
    return "ChatStream{call=" + state.info().id() + ", target=" + target + "}";
  }
}
