package dev.agentchat.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * POSTs one webhook delivery over HTTP/1.1, written by hand on a socket so that it connects to
 * the address {@link WebhookTargets} checked (a general HTTP client would resolve the name
 * again), verifies TLS against the URL's host name, never follows a redirect, gives up after
 * the timeout and reads no more than the status line and a few KB of the answer.
 */
public final class WebhookClient {
    /** What is read of an answer at most: enough for the status line and headers. */
    static final int MAX_RESPONSE_BYTES = 4096;
    private static final String USER_AGENT = "AgentChat-Webhooks/1";

    /**
     * One attempt's outcome.
     *
     * @param status       the receiver's HTTP status, 0 when there was none
     * @param latencyMillis from connecting to the status line (or the failure)
     * @param error        why it failed (null on a 2xx)
     */
    public record Result(int status, long latencyMillis, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final int timeoutMillis;
    private final SSLSocketFactory tls;

    public WebhookClient(int timeoutMillis) {
        this(timeoutMillis, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** @param tls the TLS sockets to use (a test may trust its own certificate) */
    public WebhookClient(int timeoutMillis, SSLSocketFactory tls) {
        this.timeoutMillis = timeoutMillis;
        this.tls = tls;
    }

    /** Sends the body with the given headers; never throws for a receiver's failure. */
    public Result post(WebhookTarget target, List<Map.Entry<String, String>> headers, byte[] body) {
        long start = System.nanoTime();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(target.address(), target.port()), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            Socket socket = plain;
            if (target.tls()) {
                SSLSocket secured = (SSLSocket) tls.createSocket(plain, target.host(), target.port(), true);
                SSLParameters parameters = secured.getSSLParameters();
                // Verify the certificate against the name in the URL, not the address connected to.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                if (!target.host().contains(":") && !Character.isDigit(target.host().charAt(target.host().length() - 1))) {
                    parameters.setServerNames(List.of(new SNIHostName(target.host())));
                }
                secured.setSSLParameters(parameters);
                secured.startHandshake();
                socket = secured;
            }
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder()
                    .append("POST ").append(target.pathAndQuery()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(target.hostHeader()).append("\r\n")
                    .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                    .append("Content-Type: application/json\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n")
                    .append("Connection: close\r\n");
            for (Map.Entry<String, String> header : headers) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            int status = readStatus(socket.getInputStream(), start);
            long latency = elapsed(start);
            if (status >= 200 && status < 300) {
                return new Result(status, latency, null);
            }
            String error = status >= 300 && status < 400 ? "answered " + status + " (redirects are not followed)"
                    : "answered " + status;
            return new Result(status, latency, error);
        } catch (SocketTimeoutException e) {
            return new Result(0, elapsed(start), "timed out after " + timeoutMillis + " ms");
        } catch (IOException | RuntimeException e) {
            return new Result(0, elapsed(start), describe(e));
        }
    }

    /** Reads up to the end of the status line, within the byte cap and the overall deadline. */
    private int readStatus(InputStream in, long startNanos) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int read = 0;
        while (read < MAX_RESPONSE_BYTES) {
            if (elapsed(startNanos) > 2L * timeoutMillis) {
                throw new SocketTimeoutException("slow answer");
            }
            int c = in.read();
            if (c < 0 || c == '\n') {
                break;
            }
            line.write(c);
            read++;
        }
        String status = line.toString(StandardCharsets.US_ASCII).trim();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + parts[1]);
        }
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String describe(Exception e) {
        String kind = e.getClass().getSimpleName();
        if (kind.equals("ConnectException")) {
            return "connection refused";
        }
        if (kind.startsWith("SSL")) {
            return "TLS failed: " + e.getMessage();
        }
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }
}
