package org.pockettts.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pockettts.api.InvalidInputException;
import org.pockettts.TtsModel;
import org.pockettts.config.ModelConfig;
import org.pockettts.hub.HubClient;
import org.pockettts.hub.HubSettings;
import org.pockettts.server.ServerConfig;
import org.pockettts.server.TtsServer;
import org.pockettts.server.VoiceUrlPolicy;
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
                + " OpenAI-compatible POST /v1/audio/speech, the voice library at /v1/audio/voices, text streamed in"
                + " over the WebSocket /v1/audio/speech/stream, GET /metrics. Audio streams as it is generated.")
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
                    + " default voice (alba; juergen for german, ...). A saved voice's name works too.")
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

    @Option(names = "--voice-urls", paramLabel = "POLICY", defaultValue = "public",
            description = "Which http(s):// voice URLs of clients to fetch: none, public (only from public internet"
                    + " addresses, checked on every redirect) or any. hf:// voices are always fetched."
                    + " Default: ${DEFAULT-VALUE}.")
    String voiceUrls;

    @Option(names = "--max-text-chars", paramLabel = "N", defaultValue = "50000",
            description = "Longest text one request may ask to speak, in characters; longer is answered 413."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxTextChars;

    @Option(names = "--max-audio-seconds", paramLabel = "S", defaultValue = "3600",
            description = "Most audio one request may have, in seconds (up to 86400); the stream is cut there."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxAudioSeconds;

    @Mixin
    VoicesDirOption voicesDir;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = root.context;
        HubSettings hubSettings = HubSettings.fromEnvironment(ctx.env());
        serverConfig(hubSettings, null);
        ProgressDisplay progress = new ProgressDisplay(ctx.err(), ctx.interactive() && !model.quiet);
        try (HubClient hub = new HubClient(hubSettings)) {
            hub.setDownloadListener(progress);
            TtsServer server;
            try {
                ModelConfig configuration = model.configuration(hub);
                String defaultVoice = voice != null ? voice : configuration.catalog().defaultVoice();
                // A saved voice's name stays a name: the server finds it in its folder and lists it as the default.
                voicesDir.resolve(defaultVoice, configuration.catalog());
                ServerConfig config = serverConfig(hubSettings, defaultVoice);
                root.doing("loading the model");
                TtsModel tts = model.load(configuration, hub);
                root.doing("preparing the voice " + defaultVoice);
                server = new TtsServer(tts, config);
            } finally {
                progress.end();
            }
            root.doing("serving");
            server.start();
            ctx.stopOnExit(model.quiet, server::stop);
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
    private ServerConfig serverConfig(HubSettings hubSettings, String defaultVoice) {
        try {
            ServerConfig.Builder builder = ServerConfig.builder().host(host).port(port).maxQueue(maxQueue)
                    .corsOrigins(corsOrigins).voiceUrls(VoiceUrlPolicy.named(voiceUrls))
                    .maxTextChars(maxTextChars).maxAudioSeconds(maxAudioSeconds)
                    .hubEndpoint(hubSettings.endpoint())
                    .voiceFileCache(hubSettings.urlCache().resolve("server-voices"))
                    .voicesDir(voicesDir.voices().folder());
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
