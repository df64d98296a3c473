/**
 * The Java snippets of {@code README.md} and {@code docs/}: each page's block is the region between
 * {@code // snippet: name} and {@code // end snippet: name} here, so the build compiles every
 * snippet and {@code SnippetsTest} fails when a page and its source differ. Nothing here runs; the
 * parameters of each method stand for what the page's text assumes (a client, a request).
 */
@NullMarked
package dev.llmgateway.examples.snippets;

import org.jspecify.annotations.NullMarked;
