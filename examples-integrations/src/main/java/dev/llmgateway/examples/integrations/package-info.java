/**
 * Examples of the gateway under the frameworks Java teams already use: a Spring Boot web app with
 * the starter ({@code springboot}), a LangChain4j AI service ({@code langchain4j}) and a Spring AI
 * {@code ChatClient} ({@code springai}).
 */
@NullMarked
package dev.llmgateway.examples.integrations;

import org.jspecify.annotations.NullMarked;
