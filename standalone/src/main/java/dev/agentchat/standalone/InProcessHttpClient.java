package dev.agentchat.standalone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The transport of the handlers' Management API client in the standalone server: hands each
 * request the SDK built (marshalled, with its headers) straight to the {@link ManagementApiEmulator}
 * and gives the SDK its answer back, so the SDK's error mapping ({@code GoneException}) and
 * retries run as they do against AWS, minus a loopback HTTP round trip per pushed frame (under
 * load that round trip, client and server side, was a large share of the server's CPU).
 */
final class InProcessHttpClient implements SdkHttpClient {
    private static final InputStream NO_BODY = InputStream.nullInputStream();

    private final ManagementApiEmulator emulator;

    InProcessHttpClient(ManagementApiEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                SdkHttpRequest http = request.httpRequest();
                ManagementApiEmulator.Answer answer = emulator.answer(http.method().name(),
                        SdkHttpUtils.urlDecode(http.encodedPath()),
                        http.firstMatchingHeader(LocalManagementApi.KEY_HEADER).orElse(null),
                        () -> request.contentStreamProvider().map(p -> p.newStream()).orElse(NO_BODY));
                SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(answer.status())
                        .putHeader("Content-Length", Integer.toString(answer.body().length));
                if (answer.errorType() != null) {
                    response.putHeader("x-amzn-ErrorType", answer.errorType());
                }
                if (answer.contentType() != null) {
                    response.putHeader("Content-Type", answer.contentType());
                }
                return HttpExecuteResponse.builder().response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body())))
                        .build();
            }

            @Override
            public void abort() {
                // The call runs on the caller's thread and never waits on a client: nothing to abort.
            }
        };
    }

    @Override
    public String clientName() {
        return "AgentChatInProcess";
    }

    @Override
    public void close() {
    }
}
