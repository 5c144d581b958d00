package dev.agentchat.http;

import java.util.List;

/**
 * The response headers a handler sets for its caller to read. The web UI is served from another
 * origin than the API on AWS, so a browser hides each of them from the page's scripts unless
 * CORS exposes it: {@link #EXPOSED} is that list, and the CDK stack reads it from here.
 */
public final class ResponseHeaders {
    /** Seconds to wait after a 429. */
    public static final String RETRY_AFTER = "Retry-After";
    /** {@code true} on a send answered from an earlier request with the same idempotency key. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    /** An export's file name ({@code attachment; filename="…"}). */
    public static final String CONTENT_DISPOSITION = "Content-Disposition";
    /** How many events an export part holds. */
    public static final String EXPORT_EVENTS = "X-Export-Events";
    /** Whether the export continues in another part. */
    public static final String EXPORT_HAS_MORE = "X-Export-Has-More";
    /** The {@code after_seq} of an export's next part. */
    public static final String EXPORT_NEXT_SEQ = "X-Export-Next-Seq";

    /** Every header above, which a script on the web origin must be able to read. */
    public static final List<String> EXPOSED = List.of(RETRY_AFTER, IDEMPOTENT_REPLAYED, CONTENT_DISPOSITION,
            EXPORT_EVENTS, EXPORT_HAS_MORE, EXPORT_NEXT_SEQ);

    private ResponseHeaders() {
    }
}
