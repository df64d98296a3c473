/**
 * The attempt tier: the plan loop ({@link dev.llmgateway.internal.attempt.PlanRunner}), which only
 * decides what follows a failed attempt (next key, retry, fall back, wait, stop), and the attempt
 * chain ({@link dev.llmgateway.internal.attempt.AttemptChain}: key, breaker permit, budget
 * reservation, content verdict, user attempt interceptors, provider) that every attempt, hedged
 * ones included, runs through. Each step proceeds at most once and ends what it took exactly once.
 *
 * <p>Not API: not exported from the module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal.attempt;

import org.jspecify.annotations.NullMarked;
