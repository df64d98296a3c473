package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ConfigurationException;

/**
 * Finds out whether Google's auth library, an optional dependency that only the vertex profile
 * needs, is on the class path. Names none of the library's types, so it loads without it.
 */
final class GoogleAuthLibrary {
  /** The Maven coordinates of the library the vertex profile needs. */
  static final String ARTIFACT = "com.google.auth:google-auth-library-oauth2-http";

  /** A class of that library, looked up once to see whether it is present. */
  static final String PROBE_CLASS = "com.google.auth.oauth2.ServiceAccountCredentials";

  private GoogleAuthLibrary() {}

  /**
   * Checks once, at provider creation, that a class of the library can be loaded.
   *
   * @param className the class to look for ({@link #PROBE_CLASS}; tests pass a missing one)
   * @param provider the provider's name, for the message
   * @throws ConfigurationException naming {@value #ARTIFACT} if the class is missing
   */
  static void require(String className, String provider) {
    try {
      Class.forName(className, false, GoogleAuthLibrary.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigurationException(
          "Provider '"
              + provider
              + "' uses profile 'vertex', which needs "
              + ARTIFACT
              + " on the class path (an optional dependency of gateway-provider-openai): add it"
              + " to your build",
          e);
    }
  }
}
