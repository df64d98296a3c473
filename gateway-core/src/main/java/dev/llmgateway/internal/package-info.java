/**
 * Implementation of the client: configuration snapshot, provider discovery, the request path's
 * stages and the attempt loop. Not API: anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal;

import org.jspecify.annotations.NullMarked;
