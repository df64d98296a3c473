/**
 * A custom provider added through the SPI: {@link
 * dev.llmgateway.examples.custom.FaqProviderFactory} is listed in {@code
 * META-INF/services/dev.llmgateway.spi.ProviderFactory}, so any client finds the {@code faq} type
 * without further configuration.
 */
@NullMarked
package dev.llmgateway.examples.custom;

import org.jspecify.annotations.NullMarked;
