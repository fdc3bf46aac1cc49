package org.pockettts.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pockettts.AudioStream;
import org.pockettts.GenerationOptions;
import org.pockettts.GenerationStats;
import org.pockettts.api.InvalidInputException;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.config.Languages;
import org.pockettts.config.ModelConfig;
import org.pockettts.formats.AudioEncoder;
import org.pockettts.formats.AudioFormat;
import org.pockettts.formats.TimeStretcher;
import org.pockettts.hub.HubClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pocket-tts generate}: speaks a text into an audio file or to standard output, in the format
 * the file's name or {@code --format} asks for, at the pace {@code --speed} asks for.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate speech from text and write it as audio: a 24 kHz 16-bit mono WAV, or pcm, mp3, opus"
                + " or flac.")
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
            description = "Where to write the audio (its format follows the extension, see --format); - streams it to"
                    + " standard output. Default: ${DEFAULT-VALUE}.")
    String outputPath;

    @Mixin
    FormatOption formatOption;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1.0", converter = SpeedConverter.class,
            description = "Speaking rate, " + TimeStretcher.MIN_SPEED + " to " + TimeStretcher.MAX_SPEED + ": 2 says the"
                    + " same in half the time, 0.5 in twice the time, at the same pitch. Default: ${DEFAULT-VALUE}.")
    double speed;

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
        AudioFormat format = formatOption.formatFor(output);
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
            int rate = tts.sampleRate();
            long holdSamples = Math.round(holdSeconds * rate);
            if (streamed) {
                speakStreamed(ctx, tts, v, options, format, holdSamples, progress, output);
            } else {
                // The stream first: a text it refuses (malformed pause markup) leaves standard output untouched.
                try (AudioStream stream = tts.stream(v, speech, options);
                     AudioEncoder encoder = toStdout ? format.newEncoder(ctx.out(), rate)
                             : format.newFileEncoder(output, rate)) {
                    write(stream, new HeldOutput(encoder, holdSamples), TimeStretcher.of(speed, rate), rate, progress);
                    encoder.finish();
                    progress.end();
                    report(stream.stats(), rate, tts.frameSize());
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
    private void speakStreamed(CliContext ctx, TtsModel tts, Voice voice, GenerationOptions options, AudioFormat format,
                               long holdSamples, ProgressDisplay progress, Path output) throws IOException {
        int rate = tts.sampleRate();
        try {
            GenerationStats stats = new StreamedText(tts, voice, options, speed, progress)
                    .speak(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8),
                            () -> new HeldOutput(output == null ? format.newEncoder(ctx.out(), rate)
                                    : format.newFileEncoder(output, rate), holdSamples));
            progress.end();
            report(stats, rate, tts.frameSize());
        } finally {
            progress.end();
        }
    }

    /** Sends the frames, at the speed of {@code stretcher}, as they come; then what the stretcher holds. */
    static void write(AudioStream stream, HeldOutput out, TimeStretcher stretcher, int rate,
                              ProgressDisplay progress) throws IOException {
        long samples = 0;
        long lastDraw = 0;
        while (stream.hasNext()) {
            float[] frame = stream.next();
            samples += frame.length;
            out.write(stretcher.push(frame));
            long now = System.nanoTime();
            if (now - lastDraw > 100_000_000L) {
                GenerationStats s = stream.stats();
                progress.generating(samples / (double) rate, s.chunksStarted(), s.chunks());
                lastDraw = now;
            }
        }
        out.write(stretcher.finish());
        out.flush();
    }

    /** Reads {@code --speed}, refusing a rate outside the stretcher's range as a malformed command line. */
    static final class SpeedConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double speed;
            try {
                speed = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a number; give a speed from "
                        + TimeStretcher.MIN_SPEED + " to " + TimeStretcher.MAX_SPEED);
            }
            try {
                return TimeStretcher.checkSpeed(speed);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
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
