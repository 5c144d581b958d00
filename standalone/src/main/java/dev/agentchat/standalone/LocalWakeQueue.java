package dev.agentchat.standalone;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.agentchat.realtime.WakeQueue;
import dev.agentchat.support.RequestLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays SQS and its Lambda event source for the wake queue: jobs wait until visible, are
 * gathered for the batching window (or until a batch is full), handed to the delivery handler as
 * an {@link SQSEvent} with their receive count, deleted unless reported as failed, and otherwise
 * visible again after the delay the handler set (or the visibility timeout). Past the allowed
 * receives a job moves to an in-memory dead-letter list, as the redrive policy does on AWS.
 */
final class LocalWakeQueue implements WakeQueue, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalWakeQueue.class);
    static final int BATCH_SIZE = 10;
    /** Concurrent handler invocations (Lambda's would scale out; a few suffice on one machine). */
    private static final int CONCURRENCY = 4;
    private static final long VISIBILITY_TIMEOUT_MILLIS = 60_000;

    private static final class Job {
        final String id = UUID.randomUUID().toString();
        final String body;
        int receives;
        long visibleAt;
        String receipt;

        Job(String body, long visibleAt) {
            this.body = body;
            this.visibleAt = visibleAt;
        }
    }

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final List<String> deadLetters = new ArrayList<>();
    private final long batchWindowMillis;
    private final int maxReceives;
    private final ExecutorService invocations = Executors.newFixedThreadPool(CONCURRENCY, r -> {
        Thread thread = new Thread(r, "webhook-delivery");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore slots = new Semaphore(CONCURRENCY);
    private volatile RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private volatile RequestLog.Sink log;
    private volatile boolean running = true;

    /** @param maxReceives receives before a failing job is dead-lettered (the first attempt and every retry) */
    LocalWakeQueue(long batchWindowMillis, int maxReceives) {
        this.batchWindowMillis = batchWindowMillis;
        this.maxReceives = maxReceives;
    }

    /** The consumer; the queue is made before the graph that holds it, so it is attached afterwards. */
    void consumeWith(RequestHandler<SQSEvent, SQSBatchResponse> consumer, RequestLog.Sink log) {
        this.log = log;
        this.handler = consumer;
    }

    @Override
    public synchronized void send(String body) {
        Job job = new Job(body, System.currentTimeMillis());
        jobs.put(job.id, job);
        notifyAll();
    }

    @Override
    public synchronized void retryAfter(String receiptHandle, long delayMillis) {
        for (Job job : jobs.values()) {
            if (receiptHandle.equals(job.receipt)) {
                job.visibleAt = System.currentTimeMillis() + delayMillis;
            }
        }
        notifyAll();
    }

    /** Jobs given up on (for tests and logs). */
    synchronized List<String> deadLetters() {
        return List.copyOf(deadLetters);
    }

    void stop() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        invocations.shutdown();
        try {
            invocations.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                List<Job> batch = nextBatch();
                if (batch.isEmpty()) {
                    continue;
                }
                slots.acquire();
                if (!running) {
                    return;
                }
                invocations.execute(() -> {
                    try {
                        invoke(batch);
                    } finally {
                        slots.release();
                    }
                });
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("wake queue failed", e);
            }
        }
    }

    /** Waits for a visible job, then the batching window (or a full batch), and receives up to a batch. */
    private synchronized List<Job> nextBatch() throws InterruptedException {
        long firstVisible;
        while (true) {
            if (!running) {
                return List.of();
            }
            long now = System.currentTimeMillis();
            long soonest = Long.MAX_VALUE;
            for (Job job : jobs.values()) {
                soonest = Math.min(soonest, job.visibleAt);
            }
            if (handler != null && soonest <= now) {
                firstVisible = soonest;
                break;
            }
            wait(soonest == Long.MAX_VALUE || handler == null ? 1000 : Math.max(1, soonest - now));
        }
        long windowEnd = firstVisible + batchWindowMillis;
        while (running && visibleCount() < BATCH_SIZE && System.currentTimeMillis() < windowEnd) {
            wait(Math.max(1, windowEnd - System.currentTimeMillis()));
        }
        if (!running) {
            return List.of();
        }
        long now = System.currentTimeMillis();
        List<Job> batch = new ArrayList<>();
        for (Job job : jobs.values()) {
            if (batch.size() < BATCH_SIZE && job.visibleAt <= now) {
                job.receives++;
                job.receipt = UUID.randomUUID().toString();
                job.visibleAt = now + VISIBILITY_TIMEOUT_MILLIS;
                batch.add(job);
            }
        }
        return batch;
    }

    private int visibleCount() {
        long now = System.currentTimeMillis();
        int n = 0;
        for (Job job : jobs.values()) {
            if (job.visibleAt <= now) {
                n++;
            }
        }
        return n;
    }

    private void invoke(List<Job> batch) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (Job job : batch) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(job.id);
            message.setReceiptHandle(job.receipt);
            message.setBody(job.body);
            message.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(job.receives)));
            message.setEventSource("aws:sqs");
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        Set<String> failed = new HashSet<>();
        try {
            SQSBatchResponse response = handler.handleRequest(event, new LocalContext("wake", log));
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException e) {
            // A thrown invocation fails the whole batch, as on Lambda.
            LOG.error("webhook delivery handler failed", e);
            batch.forEach(job -> failed.add(job.id));
        }
        synchronized (this) {
            for (Job job : batch) {
                if (!failed.contains(job.id)) {
                    jobs.remove(job.id);
                } else if (job.receives >= maxReceives) {
                    jobs.remove(job.id);
                    deadLetters.add(job.body);
                    LOG.warn("wake job {} dead-lettered after {} receives", job.id, job.receives);
                }
            }
            notifyAll();
        }
    }
}
