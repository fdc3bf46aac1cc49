package org.pockettts.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pockettts.api.InvalidInputException;
import org.pockettts.TtsModel;
import org.pockettts.config.ModelConfig;
import org.pockettts.hub.HubClient;
import org.pockettts.server.ServerConfig;
import org.pockettts.server.TtsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pocket-tts serve}: loads the model and the default voice once, then serves the HTTP API and
 * the web page until stopped (SIGTERM or Ctrl-C), which lets running generations finish for a few
 * seconds.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start an HTTP server: the web page at /, POST /tts as the reference's server, an"
                + " OpenAI-compatible POST /v1/audio/speech, GET /metrics. Audio streams as it is generated.")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    PocketTts root;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "localhost",
            description = "Interface to listen on; 0.0.0.0 for all. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000",
            description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"--default-voice", "--voice"}, paramLabel = "VOICE",
            description = "The voice of requests that name none: a predefined name of the model, a WAV recording, a"
                    + " voice file made by export-voice, or an http(s):// or hf:// URL of either. Default: the model's"
                    + " default voice (alba; juergen for german, ...).")
    String voice;

    @Option(names = "--max-concurrent", paramLabel = "N",
            description = "Generations running at once; more requests wait in the queue. Default: the number of"
                    + " cores.")
    Integer maxConcurrent;

    @Option(names = "--max-queue", paramLabel = "M", defaultValue = "16",
            description = "Requests that may wait for a generation; beyond them the answer is 503 with Retry-After."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxQueue;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", arity = "1..*",
            description = "Let web pages from ORIGIN (e.g. https://example.org, or * for any) call the API."
                    + " Repeatable. Default: none (same origin only).")
    List<String> corsOrigins = new ArrayList<>();

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = root.context;
        serverConfig(null);
        ProgressDisplay progress = new ProgressDisplay(ctx.err(), ctx.interactive() && !model.quiet);
        try (HubClient hub = HubClient.fromEnvironment(ctx.env())) {
            hub.setDownloadListener(progress);
            TtsServer server;
            try {
                ModelConfig configuration = model.configuration(hub);
                String defaultVoice = voice != null ? voice : configuration.catalog().defaultVoice();
                configuration.catalog().check(defaultVoice);
                ServerConfig config = serverConfig(defaultVoice);
                root.doing("loading the model");
                TtsModel tts = model.load(configuration, hub);
                root.doing("preparing the voice " + defaultVoice);
                server = new TtsServer(tts, config);
            } finally {
                progress.end();
            }
            root.doing("serving");
            server.start();
            // Logging may already be shut down when the hook runs, so the hook prints for itself.
            Thread hook = Thread.ofPlatform().name("pocket-tts-shutdown").unstarted(() -> {
                if (!model.quiet) {
                    ctx.err().println("Shutting down...");
                }
                server.stop();
                if (!model.quiet) {
                    ctx.err().println("Stopped.");
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            if (ctx.interactive() && !model.quiet) {
                ctx.err().println("Press Ctrl-C to stop.");
            }
            server.awaitStop();
        }
        return 0;
    }

    /**
     * The server's settings with {@code defaultVoice} (null: the builder's own); made once without it
     * first, so that a bad setting is reported before anything is loaded.
     */
    private ServerConfig serverConfig(String defaultVoice) {
        try {
            ServerConfig.Builder builder = ServerConfig.builder().host(host).port(port).maxQueue(maxQueue)
                    .corsOrigins(corsOrigins);
            if (defaultVoice != null) {
                builder.defaultVoice(defaultVoice);
            }
            if (maxConcurrent != null) {
                builder.maxConcurrent(maxConcurrent);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }
}
