package dev.llmgateway.error;

import java.util.List;

/**
 * A tenant's policy refused the call before any provider was called: the alias or model it asked
 * for is outside the tenant's allowlist. Not retryable: the same call is refused again until the
 * policy changes. The message names the tenant, what it asked for and what it may use.
 */
public class TenantPolicyException extends GatewayException {
  private static final long serialVersionUID = 1L;

  /** The tenant whose policy refused the call. */
  private final String tenant;

  /** The alias (or {@code provider/model}) the call resolved to. */
  private final String requested;

  /** The aliases the tenant may call. */
  private final List<String> allowedAliases;

  /** The model patterns the tenant may call. */
  private final List<String> allowedModels;

  /**
   * Creates the exception; the message is built from the values.
   *
   * @param tenant the tenant whose policy refused the call
   * @param requested the alias or {@code provider/model} the call resolved to
   * @param detail why it is outside the allowlist (for example which target was not allowed), or
   *     empty
   * @param allowedAliases the aliases the tenant may call
   * @param allowedModels the model patterns ({@code provider/model} or model-name globs) the tenant
   *     may call
   */
  public TenantPolicyException(
      String tenant,
      String requested,
      String detail,
      List<String> allowedAliases,
      List<String> allowedModels) {
    super(
        "Tenant '"
            + tenant
            + "' may not call '"
            + requested
            + "'"
            + (detail.isEmpty() ? "" : " (" + detail + ")")
            + "; it may use aliases "
            + allowedAliases
            + " and models "
            + allowedModels);
    this.tenant = tenant;
    this.requested = requested;
    this.allowedAliases = List.copyOf(allowedAliases);
    this.allowedModels = List.copyOf(allowedModels);
  }

  /**
   * The tenant whose policy refused the call.
   *
   * @return the tenant's name
   */
  public String tenant() {
    return tenant;
  }

  /**
   * The alias the call resolved to, or its {@code provider/model} when it named a model directly.
   *
   * @return the refused alias or model
   */
  public String requested() {
    return requested;
  }

  /**
   * The aliases the tenant may call.
   *
   * @return the allowed aliases, possibly empty
   */
  public List<String> allowedAliases() {
    return allowedAliases;
  }

  /**
   * The model patterns the tenant may call.
   *
   * @return the allowed {@code provider/model} or model-name globs, possibly empty
   */
  public List<String> allowedModels() {
    return allowedModels;
  }
}
