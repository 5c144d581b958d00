package dev.agentchat.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Makes chosen DynamoDB operations fail as DynamoDB would, from inside the SDK's pipeline: the
 * error is thrown just before the request goes on the wire, once per attempt, so the SDK's own
 * retry policy sees it (and the request never reaches the database: a failed attempt writes
 * nothing). Counts every attempt per operation, failed or not.
 */
public final class InjectedDynamoFaults implements ExecutionInterceptor {

    /** What DynamoDB answers. */
    public enum Kind {
        /** 400 ProvisionedThroughputExceededException: throttling, retried by the SDK. */
        PROVISIONED_THROUGHPUT_EXCEEDED(400, "ProvisionedThroughputExceededException"),
        /** 400 ThrottlingException (control-plane and on-demand throttling): retried. */
        THROTTLING(400, "ThrottlingException"),
        /** 500 InternalServerError: retried until the SDK's attempts run out. */
        INTERNAL_SERVER_ERROR(500, "InternalServerError"),
        /** 400 AccessDeniedException: not retryable, fails at once. */
        ACCESS_DENIED(400, "AccessDeniedException");

        final int status;
        final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }
    }

    private record Rule(Kind kind, AtomicInteger remaining) {
    }

    private static final int ALWAYS = -1;

    private final Map<String, Rule> rules = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    /**
     * The next {@code times} attempts of {@code operation} (e.g. "TransactWriteItems") fail; its
     * attempt count starts again from zero.
     */
    public void fail(String operation, Kind kind, int times) {
        attempts.remove(operation);
        rules.put(operation, new Rule(kind, new AtomicInteger(times)));
    }

    /** Every attempt of {@code operation} fails until {@link #clear()}; its attempt count starts from zero. */
    public void failAlways(String operation, Kind kind) {
        attempts.remove(operation);
        rules.put(operation, new Rule(kind, new AtomicInteger(ALWAYS)));
    }

    /** No more faults; attempt counts start again from zero. */
    public void clear() {
        rules.clear();
        attempts.clear();
    }

    /** Attempts of the operation since it was armed or cleared: those that failed and those that went on the wire. */
    public int attempts(String operation) {
        AtomicInteger count = attempts.get(operation);
        return count == null ? 0 : count.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        attempts.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        Rule rule = rules.get(operation);
        if (rule == null) {
            return;
        }
        int left = rule.remaining().getAndUpdate(n -> n > 0 ? n - 1 : n);
        if (left == 0) {
            return;
        }
        throw error(rule.kind(), operation);
    }

    private static AwsServiceException error(Kind kind, String operation) {
        String message = "injected " + kind.code + " on " + operation;
        AwsErrorDetails details = AwsErrorDetails.builder()
                .errorCode(kind.code)
                .errorMessage(message)
                .serviceName("DynamoDb")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(kind.status).build())
                .build();
        AwsServiceException.Builder builder = switch (kind) {
            case PROVISIONED_THROUGHPUT_EXCEEDED -> ProvisionedThroughputExceededException.builder();
            case INTERNAL_SERVER_ERROR -> InternalServerErrorException.builder();
            default -> DynamoDbException.builder();
        };
        return builder.message(message).statusCode(kind.status).awsErrorDetails(details).build();
    }
}
