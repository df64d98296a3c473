package dev.llmgateway.testkit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives every test a fresh {@link FakeLlmServer} and closes it after the
 * test.
 *
 * <p>Either declare it and take the server as a parameter of the test method, a lifecycle method or
 * the test class's constructor:
 *
 * <pre>{@code
 * @ExtendWith(FakeLlmServerExtension.class)
 * class ChatTest {
 *   @Test
 *   void answers(FakeLlmServer server) {
 *     server.enqueue(FakeResponse.text("Hi"));
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>or register it in a field and use {@link #server()}:
 *
 * <pre>{@code
 * class ChatTest {
 *   @RegisterExtension final FakeLlmServerExtension llm = new FakeLlmServerExtension();
 *
 *   @Test
 *   void answers() {
 *     llm.server().enqueue(FakeResponse.text("Hi"));
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>The server is started before the first {@code @BeforeEach} method (or when the constructor
 * asks for it) and closed after the {@code @AfterEach} methods. Tests running in parallel each get
 * their own server. Needs JUnit Jupiter 5.12 or later on the test class path.
 */
// "exports": JUnit is an optional dependency of this module (requires static), not re-exported; a
// test that uses this class reads JUnit itself.
@SuppressWarnings("exports")
public final class FakeLlmServerExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeLlmServerExtension.class);

  private volatile @Nullable FakeLlmServer current;

  /** Creates the extension; the server starts with each test. */
  public FakeLlmServerExtension() {}

  /**
   * Returns the running test's server, when the extension is registered with {@code
   * RegisterExtension} in an instance field.
   *
   * @return the server of the running test
   * @throws IllegalStateException if no test is running
   */
  public FakeLlmServer server() {
    FakeLlmServer server = current;
    if (server == null) {
      throw new IllegalStateException(
          "No FakeLlmServer: server() is available only while a test runs (from @BeforeEach to"
              + " @AfterEach); use a non-static @RegisterExtension field");
    }
    return server;
  }

  /**
   * Starts the test's server.
   *
   * @param context the test's context
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    current = serverFor(context);
  }

  /**
   * Closes the test's server.
   *
   * @param context the test's context
   */
  @Override
  public void afterEach(ExtensionContext context) {
    current = null;
    FakeLlmServer server =
        context.getStore(NAMESPACE).remove(context.getUniqueId(), FakeLlmServer.class);
    if (server != null) {
      server.close();
    }
  }

  /**
   * Supports parameters of type {@link FakeLlmServer}.
   *
   * @param parameterContext the parameter
   * @param extensionContext the context
   * @return whether the parameter is a {@code FakeLlmServer}
   */
  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == FakeLlmServer.class;
  }

  /**
   * Returns the test's server, starting it if needed.
   *
   * @param parameterContext the parameter
   * @param extensionContext the context
   * @return the server
   */
  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return serverFor(extensionContext);
  }

  /**
   * Asks JUnit to resolve constructor parameters in the test method's context, so that a server
   * injected into the constructor is the test's own.
   *
   * @param rootContext the root context
   * @return {@code TEST_METHOD}
   */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(
      ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  private static FakeLlmServer serverFor(ExtensionContext context) {
    // Keyed by the context's id, so that the test's own server is found, never a parent's.
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            context.getUniqueId(), id -> FakeLlmServer.start(), FakeLlmServer.class);
  }
}
