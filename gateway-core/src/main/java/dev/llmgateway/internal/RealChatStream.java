package dev.llmgateway.internal;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.StreamInterruptedException;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import dev.llmgateway.pricing.ModelPrice;
import dev.llmgateway.spi.ChunkStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A stream committed to one target: hands out the held-back chunks, then pulls the rest from the
 * provider on the reading thread, feeding each to a {@link ChatResponseAssembler}. A provider
 * failure from here on is final: it ends the iteration with a {@link StreamInterruptedException}.
 *
 * <p>Reading is confined to one thread; {@link #close()} may come from any thread and is also
 * triggered by the call's cancellation (async cancel).
 */
final class RealChatStream implements ChatStream {
  private final CallState state;
  private final @Nullable String alias;
  private final TargetRef target;
  private final String keyId;
  private final List<Attempt> failed;
  private final long attemptStartNanos;
  private final ChunkStream source;
  private final ArrayDeque<ChatChunk> held;
  private final boolean sourceEnded;
  private final ChatResponseAssembler assembler = new ChatResponseAssembler();
  private final AtomicBoolean closed = new AtomicBoolean();

  private boolean iterated;
  private boolean done;
  private @Nullable ChatChunk lookahead;
  private volatile @Nullable ChatResponse response;
  private volatile @Nullable RuntimeException failure;

  private final Spend spend;
  private final GatewayEventListener events;
  private final Reservation reservation;
  private final @Nullable ModelPrice price;
  private final long inputTokens;
  private final String providerType;

  RealChatStream(
      CallState state,
      @Nullable String alias,
      AttemptLoop.Success<AttemptStage.Reserved<OpenedStream>> reserved,
      Spend spend,
      GatewayEventListener events) {
    AttemptLoop.Success<AttemptStage.Reserved<OpenedStream>> success = reserved;
    this.spend = spend;
    this.events = events;
    this.reservation = reserved.value().reservation();
    this.price = reserved.value().price();
    this.inputTokens = reserved.value().inputTokens();
    this.providerType = reserved.target().provider().type();
    this.state = state;
    this.alias = alias;
    this.target = success.target().ref();
    this.keyId = success.keyId();
    this.failed = success.failed();
    this.attemptStartNanos = success.startNanos();
    this.source = success.value().value().source();
    this.held = new ArrayDeque<>(success.value().value().held());
    this.sourceEnded = success.value().value().ended();
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

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      source.close();
      if (response == null) {
        // Closed before its proper end: abort the provider's call too.
        state.cancellation().cancel();
        settlePartial();
      }
    }
  }

  private @Nullable ChatChunk pull() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    if (done) {
      return null;
    }
    ChatChunk chunk;
    if (!held.isEmpty()) {
      chunk = held.poll();
    } else if (sourceEnded) {
      chunk = null;
    } else {
      if (closed.get() || state.cancellation().isCancelled()) {
        throw closedWhileReading(null);
      }
      try {
        chunk = source.next();
      } catch (ProviderException e) {
        if (closed.get() || state.cancellation().isCancelled()) {
          throw closedWhileReading(e);
        }
        throw fail(e);
      }
    }
    if (chunk == null) {
      finish();
      return null;
    }
    assembler.add(chunk);
    return chunk;
  }

  private void finish() {
    ChatResponse assembled;
    try {
      assembled = assembler.build(target.provider(), target.model());
    } catch (IllegalStateException e) {
      throw fail(
          new ProviderException(
              ErrorKind.MALFORMED_RESPONSE,
              target.provider(),
              target.model(),
              "Stream from " + target + " ended with an incomplete tool call: " + e.getMessage(),
              e));
    }
    List<Attempt> attempts = new ArrayList<>(failed);
    attempts.add(new Attempt(target, keyId, null, null, attemptLatency()));
    Route route = new Route(alias, target, keyId, attempts, false, state.elapsed());
    done = true;
    Usage usage = assembled.usage();
    Cost cost;
    if (usage.isReported()) {
      cost = Spend.cost(price, usage, false);
    } else {
      long out = spend.estimator().estimateText(providerType, target.model(), assembled.text());
      cost = Spend.cost(price, Usage.of(inputTokens, out), true);
    }
    Spend.settle(reservation, cost.amount(), events);
    response = assembled.withRoute(route, cost);
    source.close();
  }

  private StreamInterruptedException fail(ProviderException e) {
    List<Attempt> attempts = new ArrayList<>(failed);
    String message = e.getMessage() == null ? e.kind().toString() : e.getMessage();
    attempts.add(new Attempt(target, keyId, e.kind(), message, attemptLatency()));
    StreamInterruptedException x =
        new StreamInterruptedException(
            "Stream from "
                + target
                + " failed with "
                + e.kind()
                + " after "
                + assembler.text().length()
                + " characters had reached the caller; it cannot fall back",
            assembler.text(),
            assembler.usage(),
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
   * Settles a stream that did not end properly: with the usage the provider reported so far, or
   * else with the estimated prompt and the estimated tokens of the text received (an estimate: the
   * provider may have generated more than arrived).
   */
  private void settlePartial() {
    Usage usage = assembler.usage();
    Cost cost;
    if (usage.isReported()) {
      cost = Spend.cost(price, usage, true);
    } else {
      long out = spend.estimator().estimateText(providerType, target.model(), assembler.text());
      cost = Spend.cost(price, Usage.of(inputTokens, out), true);
    }
    Spend.settle(reservation, cost.amount(), events);
  }

  private Duration attemptLatency() {
    return Duration.ofNanos(Math.max(0, state.ticker().read() - attemptStartNanos));
  }

  @Override
  public String toString() {
    return "ChatStream{call=" + state.info().id() + ", target=" + target + "}";
  }
}
