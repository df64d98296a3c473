/**
 * The provider contract. A provider module implements {@link dev.llmgateway.spi.ProviderFactory}
 * and lists it in {@code META-INF/services/dev.llmgateway.spi.ProviderFactory}; the client finds it
 * through {@link java.util.ServiceLoader} by its {@linkplain
 * dev.llmgateway.spi.ProviderFactory#type() type name}. The contract evolves only through {@code
 * default} methods.
 */
@NullMarked
package dev.llmgateway.spi;

import org.jspecify.annotations.NullMarked;
