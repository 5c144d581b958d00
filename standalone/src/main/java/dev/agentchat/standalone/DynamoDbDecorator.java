package dev.agentchat.standalone;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Wraps the DynamoDB client every server in the JVM hands its handlers, when listed in
 * {@code META-INF/services}: the embedded DynamoDB Local client skips the SDK's pipeline, so
 * its {@code execution.interceptors} never see a call; this sees them all. The product lists
 * none; the tests list a check of each call against the declared {@code Access} of the route
 * that made it.
 */
public interface DynamoDbDecorator {
    DynamoDbClient decorate(DynamoDbClient db);
}
