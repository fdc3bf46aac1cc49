package org.pockettts.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.util.JavalinBindException;
import io.javalin.util.JavalinException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.PocketTtsException;
import org.pockettts.SavedVoices;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pocket TTS HTTP server: the reference's API ({@code POST /tts}, {@code GET /health}, the web
 * page at {@code /}), an OpenAI-compatible {@code POST /v1/audio/speech} with {@code GET /v1/voices},
 * and Prometheus metrics at {@code GET /metrics}. Audio is streamed as it is generated.
 *
 * <pre>{@code
 * try (TtsServer server = new TtsServer(model, ServerConfig.builder().port(8000).build())) {
 *     server.start();
 *     server.awaitStop();
 * }
 * }</pre>
 *
 * <p>One model serves every request: it is immutable and each generation keeps its own state.
 * Requests are handled on virtual threads; the generations themselves run on the engine's threads,
 * at most {@link ServerConfig#maxConcurrent()} at once, with a bounded queue in front.
 */
public final class TtsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TtsServer.class);

    private final ServerConfig config;
    private final GenerationSlots slots;
    private final Metrics metrics;
    private final SpeechStreamer streamer;
    private final SpeechSockets sockets;
    private final Disconnects disconnects;
    private final Routes routes;
    private final Javalin app;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch stoppedLatch = new CountDownLatch(1);

    /**
     * Prepares a server for {@code model}, loading the default voice (which may download it).
     *
     * @throws PocketTtsException when the default voice cannot be loaded
     */
    public TtsServer(TtsModel model, ServerConfig config) {
        this(model, config, Network.system(), EngineWork.of(model));
    }

    /**
     * A server whose voice fetches see {@code network} (the tests' way to have "public" hosts on
     * loopback) and whose requests have the engine's work done by {@code work}.
     */
    TtsServer(TtsModel model, ServerConfig config, Network network, EngineWork work) {
        this.config = config;
        String defaultSpec = config.defaultVoice() != null ? config.defaultVoice() : model.defaultVoiceName();
        SavedVoices saved = new SavedVoices(config.voicesDir());
        Voice defaultVoice = loadDefaultVoice(model, defaultSpec, saved);
        VoiceCache cache = new VoiceCache(config.voiceCacheBytes());
        VoiceFiles files;
        try {
            files = new VoiceFiles(config.voiceFileCache(), config.voiceFileCacheBytes());
        } catch (UncheckedIOException e) {
            throw new PocketTtsException(e.getMessage(), e);
        }
        UrlFetcher fetcher = new UrlFetcher(network, config.voiceFetchTimeout(), config.maxUploadBytes(),
                ServerConfig.MAX_VOICE_REDIRECTS);
        RemoteVoices remote = new RemoteVoices(model, config.voiceUrls(), config.hubEndpoint(), fetcher, files, network);
        VoiceLibrary voices = new VoiceLibrary(model, work, defaultVoice, defaultSpec, cache, remote,
                saved);
        this.slots = new GenerationSlots(config.maxConcurrent(), config.maxQueue(), config.retryAfterSeconds());
        this.metrics = new Metrics(slots, cache);
        this.disconnects = new Disconnects(Duration.ofMillis(200));
        this.streamer = new SpeechStreamer(model, work, voices, slots, metrics, disconnects, config);
        RequestGuard guard = new RequestGuard(config.corsOrigins(), RequestGuard.isLoopback(config.host()));
        SavedVoiceRoutes library = new SavedVoiceRoutes(model, work, voices, slots, config);
        this.sockets = new SpeechSockets(model, work, voices, slots, metrics, config, guard);
        this.routes = new Routes(config, voices, library, sockets, streamer, metrics, guard);
        this.app = Javalin.create(this::configure);
    }

    /** The default voice: a predefined name, a saved voice's name, a file or a URL, in this order. */
    private static Voice loadDefaultVoice(TtsModel model, String spec, SavedVoices saved) {
        try {
            if (!model.voiceNames().contains(spec) && saved.file(spec).isPresent()) {
                return model.voice(saved.file(spec).get());
            }
            return model.voice(spec, ServerConfig.MAX_PROMPT_SECONDS);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("Cannot load the default voice: " + e.getMessage(), e);
        }
    }

    private void configure(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.startup.startupWatcherEnabled = false;
        cfg.jetty.host = config.host();
        cfg.jetty.port = config.port();
        // Selectors on platform threads, every request on a virtual thread: a streaming response blocks
        // for as long as its generation runs, which costs a virtual thread nothing.
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("pocket-tts-http");
        // The web server's own (platform) threads grow with bursts of connections; after a burst they
        // go again within seconds instead of one a minute.
        pool.setIdleTimeout(5_000);
        pool.setMaxEvictCount(16);
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("pocket-tts-request-", 0).factory()));
        cfg.jetty.threadPool = pool;
        cfg.concurrency.useVirtualThreads = true;
        // The graceful part of stopping is stop()'s own: by the time Jetty stops, the generations have
        // finished or been cut, and Jetty's wait for idle keep-alive connections would only delay it.
        cfg.jetty.modifyServer(server -> {
            server.setStopTimeout(0);
            server.setErrorHandler(new JsonErrors());
        });
        cfg.jetty.modifyServletContextHandler(context -> {
            context.setErrorHandler(new JsonErrors());
            // Form fields (the text, up to its limit in any script) may take as much as a form's overhead.
            context.setMaxFormContentSize(TtsForm.FORM_OVERHEAD);
            context.setMaxFormKeys(TtsForm.MAX_FIELDS);
        });
        cfg.http.maxRequestSize = config.maxJsonBytes();
        cfg.http.prefer405over404 = true;
        if (!config.corsOrigins().isEmpty()) {
            cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                if (config.corsOrigins().contains("*")) {
                    rule.anyHost();
                } else {
                    String first = config.corsOrigins().getFirst();
                    rule.allowHost(first, config.corsOrigins().stream().skip(1).toArray(String[]::new));
                }
                rule.exposeHeader("Content-Disposition");
            }));
        }
        routes.register(cfg.routes);
        cfg.router.javaLangErrorHandler(ErrorAnswers::onError);
        cfg.requestLogger.http((ctx, ms) -> metrics.request(Routes.routeOf(ctx), ctx.statusCode()));
    }

    /**
     * Starts listening.
     *
     * @throws PocketTtsException when the address cannot be listened on (the port is taken, say)
     * @throws IllegalStateException when started before
     */
    public TtsServer start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the server was started before");
        }
        try {
            app.start();
        } catch (JavalinException e) {
            stopped.set(true);
            disconnects.close();
            stoppedLatch.countDown();
            throw new PocketTtsException("Cannot listen on " + config.host() + ":" + config.port() + ": "
                    + (e instanceof JavalinBindException ? e.getMessage() : String.valueOf(e.getCause())), e);
        }
        LOG.info("Pocket TTS server listening on {} ({} generations at once, queue of {}, voice URLs: {})", url(),
                config.maxConcurrent(), config.maxQueue(), config.voiceUrls().optionName());
        return this;
    }

    /** The port listened on (the one picked when configured with 0). */
    public int port() {
        return app.port();
    }

    /** The server's address, e.g. {@code http://localhost:8000/}. */
    public URI url() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "localhost";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /**
     * Stops gracefully: new connections are refused and waiting requests answered 503 at once;
     * running generations may finish during {@link ServerConfig#shutdownGrace()}, after which they
     * are stopped and their connections cut. Returns when the server has stopped; later calls do
     * nothing.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            slots.close();
            if (started.get()) {
                for (Connector connector : app.jettyServer().server().getConnectors()) {
                    if (connector instanceof NetworkConnector network) {
                        network.close();
                    }
                }
                if (slots.running() > 0) {
                    LOG.info("Stopping: letting {} running generations finish for up to {} s", slots.running(),
                            config.shutdownGrace().toSeconds());
                }
                if (!slots.awaitIdle(config.shutdownGrace().toNanos())) {
                    LOG.info("Stopping: cutting {} generations still running", slots.running());
                    streamer.cutAll();
                    sockets.cutAll();
                }
                app.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            streamer.cutAll();
            sockets.cutAll();
            app.stop();
        } finally {
            streamer.cutAll();
            sockets.cutAll();
            disconnects.close();
            stoppedLatch.countDown();
        }
    }

    /** Blocks until {@link #stop()} has completed. */
    public void awaitStop() throws InterruptedException {
        stoppedLatch.await();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** The metrics as served at {@code /metrics}. */
    public String metricsText() {
        return metrics.render();
    }
}
