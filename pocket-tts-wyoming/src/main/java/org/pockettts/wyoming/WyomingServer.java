package org.pockettts.wyoming;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pockettts.TtsModel;
import org.pockettts.api.PocketTtsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Wyoming protocol server for text to speech, the way Home Assistant's local voice assistants
 * reach their engines: each connection on its own virtual thread, the generations of all of them
 * sharing {@link WyomingConfig#maxConcurrent()} slots. {@link #start()} listens; {@link #stop()}
 * stops taking connections, lets running generations go on for the grace period, then closes every
 * connection (which stops their generations).
 */
public final class WyomingServer {

    private static final Logger LOG = LoggerFactory.getLogger(WyomingServer.class);
    /** How long {@link #stop()} waits for the threads of the connections it closed. */
    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(5);

    /**
     * Counters of the server.
     *
     * @param running generations running now
     * @param completed generations whose audio was all sent
     * @param stopped generations stopped before their end, their client gone or the server stopping
     * @param failed generations the engine refused (a sentence too long for the model) or failed
     */
    public record Stats(int running, long completed, long stopped, long failed) {
    }

    private final TtsModel model;
    private final WyomingConfig config;
    private final Voices voices;
    private final GenerationSlots slots;
    private final String language;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ServerSocket listener;
    private Thread acceptor;
    private Thread watchdog;
    private Zeroconf zeroconf;
    private volatile boolean stopping;

    /**
     * A server of {@code model} with {@code config}; prepares the default voice.
     *
     * @throws PocketTtsException when the default voice cannot be prepared
     */
    public WyomingServer(TtsModel model, WyomingConfig config) {
        this.model = model;
        this.config = config;
        this.voices = new Voices(model, config.defaultVoice(), config.voicesFolder());
        this.slots = new GenerationSlots(config.maxConcurrent());
        this.language = model.config().catalog().language().toLanguageTag();
    }

    /**
     * Starts listening (and announcing, when configured).
     *
     * @throws IOException when the address cannot be bound or the announcement fails
     */
    public synchronized WyomingServer start() throws IOException {
        InetAddress address = InetAddress.getByName(config.host());
        listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(address, config.port()), 128);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        acceptor = Thread.ofPlatform().name("wyoming-accept").daemon().start(this::accept);
        watchdog = Thread.ofPlatform().name("wyoming-watchdog").daemon().start(this::watch);
        LOG.info("Wyoming server listening on tcp://{}:{}", config.host(), port());
        if (config.zeroconfName() != null) {
            try {
                zeroconf = Zeroconf.announce(config.zeroconfName(), address, port());
            } catch (IOException e) {
                stop();
                throw new IOException("Cannot announce the server over mDNS (--zeroconf): " + e.getMessage(), e);
            }
        }
        return this;
    }

    /** The port listened on (the one chosen when the configuration said 0). */
    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (SocketException e) {
                break;
            } catch (IOException e) {
                LOG.warn("accepting a connection failed: {}", e.getMessage());
                continue;
            }
            Connection connection = new Connection(socket, this, model);
            if (connections.size() >= config.maxConnections()) {
                Thread.ofVirtual().name("wyoming-refuse").start(() -> connection.refuse("The server is busy: "
                        + config.maxConnections() + " connections are open; try again later"));
                continue;
            }
            connections.add(connection);
            if (stopping) {
                connection.close();
            }
            Thread.ofVirtual().name("wyoming-" + socket.getRemoteSocketAddress()).start(connection);
        }
    }

    /**
     * Disconnects clients that take nothing: a write waiting longer than the write timeout means the
     * client reads no more (a full buffer both ways), and its generation would hold a slot for ever.
     */
    private void watch() {
        long timeout = config.writeTimeout().toNanos();
        long period = Math.max(1, Math.min(1000, config.writeTimeout().toMillis() / 4));
        try {
            while (!stopping) {
                Thread.sleep(period);
                long now = System.nanoTime();
                for (Connection connection : connections) {
                    if (connection.stalled(now, timeout)) {
                        LOG.info("A client took no audio for {} s: disconnected", config.writeTimeout().toSeconds());
                        connection.close();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops: no more connections, running generations get the grace period, then every connection is
     * closed and the announcement withdrawn. Safe to call more than once, from any thread.
     */
    public void stop() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        if (watchdog != null) {
            watchdog.interrupt();
        }
        if (zeroconf != null) {
            zeroconf.close();
        }
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the listener failed: {}", e.toString());
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        try {
            if (acceptor != null) {
                // Nothing is accepted once stop() returns.
                acceptor.join(CLOSE_WAIT);
            }
            while (stats().running() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            for (Connection connection : connections) {
                connection.close();
            }
            // Their threads end at once now (their generations are closed, their sockets too); waited for, so
            // that nothing of the server runs after stop() returns.
            long end = System.nanoTime() + CLOSE_WAIT.toNanos();
            for (Connection connection : connections) {
                connection.awaitEnd(end);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (Connection connection : connections) {
                connection.close();
            }
        }
        stopped.countDown();
    }

    /** Waits until {@link #stop()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Waits up to {@code timeout} for {@link #stop()} to finish; whether it did. */
    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    public Stats stats() {
        return slots.stats(config.maxConcurrent());
    }

    /** Connections open now. */
    public int connections() {
        return connections.size();
    }

    /** Whether {@link #stop()} was called: no new generation starts. */
    boolean stopping() {
        return stopping;
    }

    WyomingConfig config() {
        return config;
    }

    GenerationSlots slots() {
        return slots;
    }

    Voices voices() {
        return voices;
    }

    /** The data of the {@code info} event, with the voices as they are now. */
    ObjectNode info() {
        String version = WyomingServer.class.getPackage().getImplementationVersion();
        return ProgramInfo.data(voices.list(), language, version);
    }

    void closed(Connection connection) {
        connections.remove(connection);
    }
}
