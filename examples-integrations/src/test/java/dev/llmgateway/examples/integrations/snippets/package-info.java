/**
 * The Java blocks of docs/spring-boot.md, docs/langchain4j.md and docs/spring-ai.md, each between
 * {@code // snippet: name} and {@code // end snippet: name}, so the build compiles them and
 * SnippetsTest (in {@code examples}) fails when a page and its source differ.
 */
@NullMarked
package dev.llmgateway.examples.integrations.snippets;

import org.jspecify.annotations.NullMarked;
