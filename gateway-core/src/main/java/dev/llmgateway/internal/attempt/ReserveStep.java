package dev.llmgateway.internal.attempt;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.spend.MediaCosts;
import dev.llmgateway.internal.spend.PromptBound;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.pricing.ModelPrice;
import dev.llmgateway.pricing.TokenEstimator;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The third attempt step: reserves the attempt's worst case (the prompt estimate plus {@code
 * maxTokens}, or the model's maximum output, at the target's price) in every budget that applies,
 * and releases it when the rest of the attempt throws. A successful attempt leaves the reservation
 * in its {@link AttemptContext} for the attempt stage to settle with the real cost. The prompt is
 * estimated only when a budget applies and the price is known, at most once per call and tokenizer
 * (shared with quotas and routing through the call's estimates). A budget refusal ({@link
 * dev.llmgateway.error.BudgetExceededException}) ends the call: a later target would be charged to
 * the same budgets.
 */
final class ReserveStep implements AttemptStep {
  /** The default estimator's tokenizer id for models without a BPE tokenizer (cheap already). */
  private static final String CHARACTERS =
      TokenEstimator.defaults().tokenizerId("", "no-such-model");

  private final Spend spend;

  ReserveStep(Spend spend) {
    this.spend = spend;
  }

  @Override
  public <R> R proceed(AttemptContext a, Next<R> next) {
    Plan.PlannedTarget target = a.target();
    String type = target.provider().type();
    String model = target.ref().model();
    ModelPrice price = spend.price(type, target.ref());
    TokenEstimator tokens = spend.estimator();
    GatewayRequest request = a.request();
    LongSupplier estimate;
    Integer maxTokens;
    if (isMedia(request)) {
      return proceedMedia(a, next, price);
    } else if (request instanceof GatewayRequest.Chat) {
      ChatRequest applied = a.chatRequest();
      estimate = () -> tokens.estimateChat(type, model, applied);
      maxTokens = applied.maxTokens();
    } else {
      EmbeddingRequest r = ((GatewayRequest.Embed) request).request();
      estimate = () -> tokens.estimateEmbedding(type, model, r);
      maxTokens = 0;
    }
    LongSupplier input =
        () -> a.state().estimates().get(request, tokens.tokenizerId(type, model), estimate);
    Bounded held =
        request instanceof GatewayRequest.Chat && tokens == TokenEstimator.defaults()
            ? new Bounded(a, tokens, input)
            : null;
    Reservation reservation;
    try {
      reservation =
          spend.reserve(
              request.context(), target.ref(), price, held != null ? held : input, maxTokens);
    } catch (BudgetExceededException e) {
      if (held == null || !held.used) {
        throw rejected(a, e);
      }
      // Refused on the bound: decide on the exact estimate, as without the bound.
      try {
        reservation = spend.reserve(request.context(), target.ref(), price, input, maxTokens);
      } catch (BudgetExceededException exact) {
        throw rejected(a, exact);
      }
    }
    reservation = observed(a, reservation);
    a.reserved(reservation, price, input);
    return proceedHolding(a, next, reservation);
  }

  /**
   * What the reservation holds for the prompt with the default estimator: on a byte-level BPE
   * tokenizer, a short prompt's {@link PromptBound} instead of a tokenizer run; else the estimate.
   * A reservation refused on the bound is retried on the exact estimate, so the bound never refuses
   * a call; the charge gets the exact estimate when the provider reports no usage.
   */
  private static final class Bounded implements LongSupplier {
    private final AttemptContext a;
    private final TokenEstimator tokens;
    private final LongSupplier input;

    /** Whether the bound was handed out. */
    boolean used;

    Bounded(AttemptContext a, TokenEstimator tokens, LongSupplier input) {
      this.a = a;
      this.tokens = tokens;
      this.input = input;
    }

    @Override
    public long getAsLong() {
      Plan.PlannedTarget t = a.target();
      if (!tokens.tokenizerId(t.provider().type(), t.ref().model()).equals(CHARACTERS)) {
        long bound = PromptBound.chat(a.chatRequest());
        if (bound != PromptBound.NONE) {
          used = true;
          return bound;
        }
      }
      return input.getAsLong();
    }
  }

  /** Reports the refusal to the call's listener; returns it to be thrown. */
  private static BudgetExceededException rejected(AttemptContext a, BudgetExceededException e) {
    a.state().events().budgetRejected(a.state().info(), a.target().ref(), e);
    return e;
  }

  /**
   * A reservation that holds something reports its start now and its end when it ends; {@link
   * Spend#NONE} (no budget applies) stays as it is, so calls without budgets report nothing.
   */
  private static Reservation observed(AttemptContext a, Reservation reservation) {
    if (reservation == Spend.NONE) {
      return reservation;
    }
    a.state().events().budgetReserved(a.state().info(), a.target().ref(), reservation.amount());
    return new ObservedReservation(reservation, a.state(), a.target().ref());
  }

  /** Runs the rest of the attempt; whatever it throws (an Error too) releases the reservation. */
  private static <R> R proceedHolding(AttemptContext a, Next<R> next, Reservation reservation) {
    try {
      return next.proceed(a);
    } catch (Throwable e) {
      reservation.release();
      throw e;
    }
  }

  private static boolean isMedia(GatewayRequest request) {
    return request instanceof GatewayRequest.Image
        || request instanceof GatewayRequest.Transcribe
        || request instanceof GatewayRequest.Speech;
  }

  /** The text a media request carries: an image prompt, a transcription prompt, speech input. */
  private static String textOf(GatewayRequest request) {
    if (request instanceof GatewayRequest.Image i) {
      return i.request().prompt();
    }
    if (request instanceof GatewayRequest.Speech sp) {
      String instructions = sp.request().instructions();
      return instructions == null ? sp.request().input() : sp.request().input() + instructions;
    }
    String prompt = ((GatewayRequest.Transcribe) request).request().prompt();
    return prompt == null ? "" : prompt;
  }

  /**
   * A media attempt reserves its worst case from the model's media price (see {@link MediaCosts});
   * the text it carries (an image prompt, speech input) is estimated once per call.
   */
  private <R> R proceedMedia(AttemptContext a, Next<R> next, @Nullable ModelPrice price) {
    Plan.PlannedTarget target = a.target();
    String type = target.provider().type();
    String model = target.ref().model();
    TokenEstimator tokens = spend.estimator();
    GatewayRequest request = a.request();
    String text = textOf(request);
    LongSupplier input =
        () ->
            a.state()
                .estimates()
                .get(
                    request,
                    tokens.tokenizerId(type, model),
                    () -> tokens.estimateText(type, model, text));
    MediaCosts.Worst worst = MediaCosts.worstCase(request, price, input);
    Reservation reservation;
    try {
      reservation =
          spend.reserve(
              request.context(),
              target.ref(),
              worst == null ? null : worst.amount(),
              worst == null ? "unpriced" : worst.what());
    } catch (BudgetExceededException e) {
      throw rejected(a, e);
    }
    reservation = observed(a, reservation);
    a.reserved(reservation, price, input);
    return proceedHolding(a, next, reservation);
  }
}
