package dev.llmgateway.internal.resilience;

import dev.llmgateway.model.TargetRef;
import java.util.List;

/**
 * A claimed trial call of a disabled key.
 *
 * @param target the target the trial goes to
 * @param keyId the key
 * @param scopes the scopes (provider name, {@code provider/model}) whose trial was claimed
 */
public record Trial(TargetRef target, String keyId, List<String> scopes) {}
