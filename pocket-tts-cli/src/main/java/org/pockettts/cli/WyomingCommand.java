package org.pockettts.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.pockettts.GenerationOptions;
import org.pockettts.TtsModel;
import org.pockettts.api.InvalidInputException;
import org.pockettts.config.ModelConfig;
import org.pockettts.hub.HubClient;
import org.pockettts.hub.HubSettings;
import org.pockettts.wyoming.WyomingConfig;
import org.pockettts.wyoming.WyomingServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pocket-tts wyoming}: loads the model and the default voice once, then serves the Wyoming
 * protocol (Home Assistant's local voice services) until stopped (SIGTERM or Ctrl-C), which lets
 * running generations finish for a few seconds.
 */
@Command(name = "wyoming", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start a Wyoming protocol server for Home Assistant: describe, synthesize and streaming"
                + " synthesis (synthesize-start/chunk/stop) over TCP, audio as it is generated.")
final class WyomingCommand implements Callable<Integer> {

    @ParentCommand
    PocketTts root;

    @Option(names = "--uri", paramLabel = "URI", defaultValue = WyomingConfig.DEFAULT_URI,
            description = "Address to listen on, tcp://HOST:PORT (0.0.0.0 for all interfaces; port 0 picks a free"
                    + " one). Default: ${DEFAULT-VALUE}.")
    String uri;

    @Mixin
    VoiceOption voice;

    @Mixin
    VoicesDirOption voicesDir;

    @Option(names = "--zeroconf", paramLabel = "NAME", arity = "0..1", fallbackValue = "pocket-tts",
            description = "Announce the server over mDNS (zeroconf) as _wyoming._tcp, for Home Assistant's discovery,"
                    + " under NAME (default when the option is given alone: ${FALLBACK-VALUE}).")
    String zeroconf;

    @Option(names = "--max-concurrent", paramLabel = "N",
            description = "Generations running at once, shared by all clients; more wait their turn. Default: the"
                    + " number of cores.")
    Integer maxConcurrent;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "64",
            description = "Clients connected at once; one more is answered with an error and closed."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--max-text-chars", paramLabel = "N", defaultValue = "50000",
            description = "Longest text one request (or one stream, added up) may ask to speak, in characters."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxTextChars;

    @Option(names = "--max-audio-seconds", paramLabel = "S", defaultValue = "3600",
            description = "Most audio one generation may make, in seconds (up to 86400). Default: ${DEFAULT-VALUE}.")
    int maxAudioSeconds;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws InterruptedException, IOException {
        CliContext ctx = root.context;
        WyomingConfig config = config();
        HubSettings hubSettings = HubSettings.fromEnvironment(ctx.env());
        ProgressDisplay progress = new ProgressDisplay(ctx.err(), ctx.interactive() && !model.quiet);
        try (HubClient hub = new HubClient(hubSettings)) {
            hub.setDownloadListener(progress);
            WyomingServer server;
            try {
                ModelConfig configuration = model.configuration(hub);
                // A saved voice's name becomes its file; an unknown name is refused before anything is loaded.
                String defaultVoice = voicesDir.resolve(voice.voice() != null ? voice.voice()
                        : configuration.catalog().defaultVoice(), configuration.catalog());
                config = config.withDefaultVoice(defaultVoice);
                root.doing("loading the model");
                TtsModel tts = model.load(configuration, hub);
                root.doing("preparing the voice " + defaultVoice);
                server = new WyomingServer(tts, config);
            } finally {
                progress.end();
            }
            root.doing("serving");
            try {
                server.start();
            } catch (IOException e) {
                throw new IOException("Cannot listen on " + uri + ": " + e.getMessage(), e);
            }
            ctx.stopOnExit(model.quiet, server::stop);
            if (!model.quiet) {
                ctx.err().println("In Home Assistant, add the Wyoming Protocol integration with this machine's address"
                        + " and port " + server.port() + ".");
            }
            server.awaitStop();
        }
        return 0;
    }

    /** The settings, checked before anything is loaded. */
    private WyomingConfig config() {
        try {
            GenerationOptions options = GenerationOptions.defaults().withMaxAudioSeconds(maxAudioSeconds);
            WyomingConfig.Builder builder = WyomingConfig.builder().uri(uri).maxConnections(maxConnections)
                    .maxTextChars(maxTextChars).options(options).voicesFolder(voicesDir.voices().folder())
                    .zeroconfName(zeroconf);
            if (maxConcurrent != null) {
                builder.maxConcurrent(maxConcurrent);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }
}
