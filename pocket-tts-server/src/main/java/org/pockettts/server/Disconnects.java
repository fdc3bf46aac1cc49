package org.pockettts.server;

import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices clients that hang up while their request waits — for a voice download, for a generation
 * slot, for its voice to be prompted — so that the wait ends at once instead of working for nobody;
 * and cuts clients too slow to send their request's body ({@link #bodyDeadline}), which would hold
 * a place in the server's queue for as long as they like.
 *
 * <p>The web server reads nothing from a connection while a request is being handled, so a client
 * that closed its end goes unseen until something is written. A {@link Watch} therefore looks at
 * the connection a few times a second: a read that finds the end of the stream (or a reset) means
 * the client is gone, and the request's thread is interrupted. Only requests whose body has been
 * read whole are watched, so nothing of theirs is taken; bytes that do arrive are a next request sent
 * ahead (pipelining), which is dropped and the connection closed after the answer.
 */
final class Disconnects implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Disconnects.class);
    /** A request body may take this long, plus its size at {@link #MIN_BODY_RATE}. */
    static final Duration BODY_GRACE = Duration.ofSeconds(10);
    /** The slowest a request body may arrive, in bytes a second, after {@link #BODY_GRACE}. */
    static final long MIN_BODY_RATE = 32 * 1024;

    private final ScheduledThreadPoolExecutor probes;
    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();

    Disconnects(Duration interval) {
        probes = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("pocket-tts-disconnects").daemon().factory());
        // A body deadline is cancelled as soon as its body is read; kept until it would have passed (up
        // to minutes for a large upload), the cancelled ones of a busy server would pile up.
        probes.setRemoveOnCancelPolicy(true);
        probes.scheduleWithFixedDelay(this::probeAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts watching the connection of {@code ctx}, whose body has been read, on behalf of the current thread. */
    Watch watch(Context ctx) {
        EndPoint endPoint = Connections.endPoint(ctx);
        Watch watch = new Watch(endPoint, Thread.currentThread());
        if (endPoint != null) {
            watched.add(watch);
        }
        return watch;
    }

    /**
     * Closes the connection of {@code ctx} unless its body ({@code length} bytes) has been read within
     * {@link #BODY_GRACE} plus the time it takes at {@link #MIN_BODY_RATE} bytes a second: the blocked
     * read then fails. Close the deadline once the body is read.
     */
    BodyDeadline bodyDeadline(Context ctx, long length) {
        EndPoint endPoint = Connections.endPoint(ctx);
        long millis = BODY_GRACE.toMillis() + Math.max(0, length) * 1000 / MIN_BODY_RATE;
        BodyDeadline deadline = new BodyDeadline(endPoint);
        if (endPoint != null) {
            deadline.task = probes.schedule(deadline::pass, millis, TimeUnit.MILLISECONDS);
        }
        return deadline;
    }

    /** A request body's deadline; closing it before it passes cancels it. */
    static final class BodyDeadline implements AutoCloseable {
        private final EndPoint endPoint;
        private volatile Future<?> task;
        private volatile boolean passed;

        private BodyDeadline(EndPoint endPoint) {
            this.endPoint = endPoint;
        }

        private void pass() {
            passed = true;
            endPoint.close(new TimeoutException("the request body arrived too slowly"));
        }

        /** Whether the body was too slow and the connection has been closed. */
        boolean passed() {
            return passed;
        }

        @Override
        public void close() {
            Future<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    private void probeAll() {
        for (Watch w : watched) {
            try {
                w.probe();
            } catch (RuntimeException e) {
                LOG.debug("probing a connection failed", e);
            }
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }

    /** One request's watch; closing it stops the watching. */
    final class Watch implements AutoCloseable {
        private final EndPoint endPoint;
        private final Thread thread;
        private final ByteBuffer scratch = ByteBuffer.allocate(512);
        private boolean gone;
        private boolean pipelined;
        private boolean closed;

        private Watch(EndPoint endPoint, Thread thread) {
            this.endPoint = endPoint;
            this.thread = thread;
        }

        private synchronized void probe() {
            if (closed || gone) {
                return;
            }
            int n = Connections.readNow(endPoint, scratch);
            if (n > 0) {
                pipelined = true;
            } else if (n < 0 || !endPoint.isOpen()) {
                gone = true;
                thread.interrupt();
            }
        }

        /** Whether the client has gone away. */
        synchronized boolean clientGone() {
            return gone;
        }

        /**
         * Whether the client sent more while it waited; its connection must then be closed after the
         * answer, since what it sent is lost.
         */
        synchronized boolean sentMore() {
            return pipelined;
        }

        /**
         * Stops watching. An interrupt this watch caused and nobody saw is taken back, so that it
         * cannot break what the thread does next; {@link #clientGone()} still tells.
         */
        @Override
        public void close() {
            watched.remove(this);
            synchronized (this) {
                closed = true;
                if (gone && Thread.currentThread() == thread) {
                    Thread.interrupted();
                }
            }
        }
    }
}
