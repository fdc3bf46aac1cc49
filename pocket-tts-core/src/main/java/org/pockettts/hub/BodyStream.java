package org.pockettts.hub;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read chunk by chunk, with a limit on how long to wait for each chunk. The JDK's
 * HTTP client limits only the wait for the response headers; without this, a connection that goes
 * silent in the middle of a file would hang the download for ever.
 */
final class BodyStream implements HttpResponse.BodySubscriber<BodyStream> {

    private static final Object END = new Object();

    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private final Duration timeout;
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private Iterator<ByteBuffer> current;
    private boolean ended;

    BodyStream(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The next chunk of the body, or null when it is complete.
     *
     * @throws HttpTimeoutException when no data came within the timeout
     * @throws IOException          when the connection failed
     */
    ByteBuffer next() throws IOException {
        while (true) {
            if (current != null && current.hasNext()) {
                return current.next();
            }
            if (ended) {
                return null;
            }
            Object arrival;
            try {
                arrival = arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            if (arrival == null) {
                cancel();
                throw new HttpTimeoutException("no data received for " + describe(timeout));
            }
            if (arrival == END) {
                ended = true;
                return null;
            }
            if (arrival instanceof Throwable failure) {
                ended = true;
                throw failure instanceof IOException io ? io : new IOException(failure.toString(), failure);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> chunks = (List<ByteBuffer>) arrival;
            current = chunks.iterator();
            subscription.request(1);
        }
    }

    /** Stops the transfer and lets the connection go. */
    void cancel() {
        cancelled = true;
        ended = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> chunks) {
        arrivals.add(chunks);
    }

    @Override
    public void onError(Throwable failure) {
        arrivals.add(failure);
    }

    @Override
    public void onComplete() {
        arrivals.add(END);
    }

    @Override
    public CompletionStage<BodyStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }
}
