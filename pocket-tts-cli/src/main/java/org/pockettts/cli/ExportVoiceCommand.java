package org.pockettts.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.ModelFiles;
import org.pockettts.api.PocketTtsException;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.hub.HubClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pocket-tts export-voice}: encodes a voice recording once into a voice file that
 * {@code --voice} then loads instantly: under behaviour 1.0 the conditioning ({@code audio_prompt}
 * [1, frames, d_model], as pocket-tts 1.x), under 2.1 and 3.3 the model state after the prompt (as
 * pocket-tts 2.x and 3.x export their voices).
 */
@Command(name = "export-voice", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Encode a voice recording into a voice file (.safetensors) that loads instantly.",
            "Only the first 30 seconds of a recording are used. AUDIO may be a WAV file, an http(s):// or hf:// URL,"
                + " or a folder: then every .wav in it is exported into the folder OUT, as <name>.safetensors.",
            "The file is the voice's conditioning (audio_prompt) under --compat 1.0, the default with --variant;"
                + " a model state, as pocket-tts 2.x and 3.x write them, under 2.1 and 3.3 (the default with --language"
                + " and --config). A model state fits only models of the same shape."})
final class ExportVoiceCommand implements Callable<Integer> {

    /** The reference encodes at most this much of a prompt. */
    static final double MAX_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(ExportVoiceCommand.class);

    @ParentCommand
    PocketTts root;

    @Parameters(index = "0", paramLabel = "AUDIO", description = "The recording (or folder of recordings) to encode.")
    String audio;

    @Parameters(index = "1", paramLabel = "OUT", description = "The voice file to write (or folder, for a folder AUDIO).")
    Path out;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = root.context;
        Path source = ModelFiles.isRemote(audio) ? null : Path.of(audio);
        boolean folder = source != null && Files.isDirectory(source);
        List<Path> recordings = folder ? recordingsIn(source) : List.of();
        if (folder) {
            if (recordings.isEmpty()) {
                throw new InvalidInputException("The folder " + source + " holds no .wav recordings");
            }
            Files.createDirectories(out);
        } else {
            if (source != null && !Files.exists(source)) {
                throw new InvalidInputException("Voice recording not found: " + source);
            }
            OutputFiles.checkWritable(out);
        }
        ProgressDisplay progress = new ProgressDisplay(ctx.err(), ctx.interactive() && !model.quiet);
        try (HubClient hub = HubClient.fromEnvironment(ctx.env())) {
            hub.setDownloadListener(progress);
            root.doing("loading the model");
            TtsModel tts = model.load(model.configuration(hub), hub);
            if (!folder) {
                root.doing("encoding the voice " + audio);
                export(tts, audio, out);
                return 0;
            }
            int failed = 0;
            for (Path recording : recordings) {
                String name = recording.getFileName().toString();
                Path target = out.resolve(name.substring(0, name.lastIndexOf('.')) + ".safetensors");
                try {
                    root.doing("encoding the voice " + recording);
                    export(tts, recording.toString(), target);
                } catch (PocketTtsException e) {
                    failed++;
                    LOG.error("{}: {}", recording, e.getMessage());
                }
            }
            if (failed > 0) {
                ctx.err().println("Error: " + failed + " of " + recordings.size() + " recordings could not be exported");
                return PocketTts.FAILED;
            }
            return 0;
        }
    }

    private static void export(TtsModel tts, String recording, Path target) throws IOException {
        long t0 = System.nanoTime();
        Voice voice = tts.voice(recording, MAX_SECONDS);
        voice.save(target);
        LOG.info("Exported {} ({} frames) to {} in {}", recording, voice.frames(), target,
                GenerateCommand.seconds(System.nanoTime() - t0));
    }

    private static List<Path> recordingsIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav"))
                    .sorted().toList();
        }
    }
}
