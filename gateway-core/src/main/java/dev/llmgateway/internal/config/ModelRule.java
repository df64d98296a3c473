package dev.llmgateway.internal.config;

/**
 * Maps requested model names to a provider by a glob: {@code gpt-*} (prefix), {@code *-latest}
 * (suffix), {@code *} (anything) or an exact name. Matching is plain string comparison, no regular
 * expressions.
 *
 * @param glob the pattern, with at most one {@code *} at its start or end
 * @param provider the provider the model goes to
 */
public record ModelRule(String glob, String provider) {

  public boolean matches(String model) {
    if (glob.equals("*")) {
      return true;
    }
    int n = glob.length() - 1;
    if (glob.charAt(n) == '*') {
      return model.length() >= n && model.regionMatches(0, glob, 0, n);
    }
    if (glob.charAt(0) == '*') {
      return model.length() >= n && model.regionMatches(model.length() - n, glob, 1, n);
    }
    return model.equals(glob);
  }

  @Override
  public String toString() {
    return "model rule '" + glob + "' -> " + provider;
  }
}
