package org.pockettts.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pockettts.AudioStream;
import org.pockettts.GenerationOptions;
import org.pockettts.GenerationStats;
import org.pockettts.api.InvalidInputException;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.audio.WavWriter;
import org.pockettts.config.Languages;
import org.pockettts.config.ModelConfig;
import org.pockettts.hub.HubClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pocket-tts generate}: speaks a text into a WAV file or to standard output. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate speech from text and write it as a 24 kHz 16-bit mono WAV.")
final class GenerateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(GenerateCommand.class);

    @ParentCommand
    PocketTts root;

    @Option(names = "--text", paramLabel = "TEXT",
            description = "Text to speak; - reads it from standard input as it arrives and speaks each sentence as"
                    + " soon as it is complete (ended by . ! ? or … before white space, or by the end of the input)."
                    + " Default: the reference's sentence in the"
                    + " model's language (\"Hello world. I am Kyutai's Pocket TTS. ...\" in English).")
    String text;

    @Mixin
    VoiceOption voiceOption;

    @Mixin
    VoicesDirOption voicesDir;

    @Option(names = "--output-path", paramLabel = "PATH", defaultValue = "./tts_output.wav",
            description = "Where to write the WAV; - streams it to standard output. Default: ${DEFAULT-VALUE}.")
    String outputPath;

    @Mixin
    SpeechOptions speech;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = root.context;
        GenerationOptions options = speech.options(ctx);
        String given = text != null ? text : Languages.defaultText(model.modelName());
        // "-" is read as it arrives, once the model is ready, and spoken sentence by sentence.
        boolean streamed = given.equals("-");
        String speech = streamed ? null : given;
        if (!streamed && speech.isBlank()) {
            throw new InvalidInputException("The text is empty: give some text to speak with --text");
        }
        boolean toStdout = outputPath.equals("-");
        Path output = toStdout ? null : Path.of(outputPath);
        if (output != null) {
            OutputFiles.checkWritable(output);
        }
        double holdSeconds = firstChunkSeconds(ctx);

        ProgressDisplay progress = new ProgressDisplay(ctx.err(), ctx.interactive() && !model.quiet);
        try (HubClient hub = HubClient.fromEnvironment(ctx.env())) {
            hub.setDownloadListener(progress);
            long t0 = System.nanoTime();
            root.doing("loading the model");
            ModelConfig configuration = model.configuration(hub);
            String voice = voiceOption.voice() != null ? voiceOption.voice() : configuration.catalog().defaultVoice();
            String voiceSpec = voicesDir.resolve(voice, configuration.catalog());
            TtsModel tts = model.load(configuration, hub);
            LOG.info("Model loaded in {}", seconds(System.nanoTime() - t0));
            long t1 = System.nanoTime();
            root.doing("preparing the voice " + voice);
            Voice v = tts.voice(voiceSpec);
            LOG.info("Voice {} ready in {}", voice, seconds(System.nanoTime() - t1));
            root.doing("generating speech");
            if (streamed) {
                speakStreamed(ctx, tts, v, options, holdSeconds, progress, output);
            } else {
                try (WavWriter writer = toStdout ? WavWriter.toStream(ctx.out(), tts.sampleRate())
                        : WavWriter.toFile(output, tts.sampleRate());
                     AudioStream stream = tts.stream(v, speech, options)) {
                    write(stream, writer, tts.sampleRate(), holdSeconds, progress);
                    writer.finish();
                    progress.end();
                    report(stream.stats(), tts.sampleRate(), tts.frameSize());
                } finally {
                    progress.end();
                }
            }
        }
        if (!toStdout) {
            LOG.info("Results written in {}", output);
        }
        return 0;
    }

    /** Speaks standard input sentence by sentence as it arrives ({@link StreamedText}); {@code output} null: to standard output. */
    private static void speakStreamed(CliContext ctx, TtsModel tts, Voice voice, GenerationOptions options,
                                      double holdSeconds, ProgressDisplay progress, Path output) throws IOException {
        try {
            GenerationStats stats = new StreamedText(tts, voice, options, holdSeconds, progress)
                    .speak(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8),
                            () -> output == null ? WavWriter.toStream(ctx.out(), tts.sampleRate())
                                    : WavWriter.toFile(output, tts.sampleRate()));
            progress.end();
            report(stats, tts.sampleRate(), tts.frameSize());
        } finally {
            progress.end();
        }
    }

    static void write(AudioStream stream, WavWriter writer, int rate, double holdSeconds,
                              ProgressDisplay progress) throws IOException {
        List<float[]> held = new ArrayList<>();
        long heldSamples = 0;
        boolean holding = holdSeconds > 0;
        long samples = 0;
        long lastDraw = 0;
        while (stream.hasNext()) {
            float[] frame = stream.next();
            samples += frame.length;
            if (holding) {
                held.add(frame);
                heldSamples += frame.length;
                if (heldSamples >= holdSeconds * rate) {
                    writer.write(concat(held, heldSamples));
                    held.clear();
                    holding = false;
                }
            } else {
                writer.write(frame);
            }
            long now = System.nanoTime();
            if (now - lastDraw > 100_000_000L) {
                GenerationStats s = stream.stats();
                progress.generating(samples / (double) rate, s.chunksStarted(), s.chunks());
                lastDraw = now;
            }
        }
        if (!held.isEmpty()) {
            writer.write(concat(held, heldSamples));
        }
    }

    /** The held frames as one block, so that they leave in one write. */
    private static float[] concat(List<float[]> frames, long samples) {
        float[] all = new float[Math.toIntExact(samples)];
        int at = 0;
        for (float[] f : frames) {
            System.arraycopy(f, 0, all, at, f.length);
            at += f.length;
        }
        return all;
    }

    private static double firstChunkSeconds(CliContext ctx) {
        String value = ctx.env().get("FIRST_CHUNK_LENGTH_SECONDS");
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            double seconds = Double.parseDouble(value.trim());
            if (seconds < 0 || Double.isNaN(seconds)) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("FIRST_CHUNK_LENGTH_SECONDS must be a number of seconds ≥ 0, got '"
                    + value + "'");
        }
    }

    private static void report(GenerationStats s, int rate, int frameSize) {
        double audioMs = s.framesDecoded() * (double) frameSize * 1000 / rate;
        double wallMs = s.elapsedNanos() / 1e6;
        LOG.info(String.format(Locale.ROOT, "Generated: %d ms of audio in %d ms so %.2fx faster than real-time"
                        + " (first audio after %d ms)", Math.round(audioMs), Math.round(wallMs),
                audioMs / Math.max(1, wallMs), Math.round(s.firstFrameNanos() / 1e6)));
        if (s.reachedMaxLength() > 0) {
            LOG.warn("{} of {} chunks reached the maximum length without an end of speech", s.reachedMaxLength(),
                    s.chunks());
        }
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
