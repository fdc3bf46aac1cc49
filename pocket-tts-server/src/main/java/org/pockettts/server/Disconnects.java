package org.pockettts.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices clients that hang up while their request waits — for a voice download, for a generation
 * slot, for its voice to be prompted — so that the wait ends at once instead of working for nobody.
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

    private final ScheduledExecutorService probes;
    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();

    Disconnects(Duration interval) {
        probes = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("pocket-tts-disconnects").daemon().factory());
        probes.scheduleWithFixedDelay(this::probeAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts watching the connection of {@code ctx}, whose body has been read, on behalf of the current thread. */
    Watch watch(Context ctx) {
        EndPoint endPoint;
        try {
            endPoint = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                    .getConnection().getEndPoint();
        } catch (RuntimeException e) {
            LOG.debug("cannot watch this connection", e);
            endPoint = null;
        }
        Watch watch = new Watch(endPoint, Thread.currentThread());
        if (endPoint != null) {
            watched.add(watch);
        }
        return watch;
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
            int n;
            try {
                // The buffer is empty in Jetty's sense (limit 0): fill appends after it.
                scratch.clear().limit(0);
                n = endPoint.fill(scratch);
            } catch (IOException e) {
                n = -1;
            }
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
