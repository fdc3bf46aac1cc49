package org.pockettts.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.CharBuffer;
import org.pockettts.AudioStream;
import org.pockettts.GenerationOptions;
import org.pockettts.GenerationStats;
import org.pockettts.SentenceSplitter;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.api.InvalidInputException;
import org.pockettts.audio.WavWriter;

/**
 * {@code generate --text -}: reads the text as it arrives and speaks each sentence
 * ({@link SentenceSplitter}'s rule) as soon as it is complete, one generation per sentence, into one
 * output. So a pipe from a program that writes slowly (a language model) is heard from its first
 * sentence on. The output is opened with the first sentence: empty input writes nothing.
 */
final class StreamedText {

    /** Opens the output. */
    @FunctionalInterface
    interface Output {
        WavWriter open() throws IOException;
    }

    private final TtsModel model;
    private final Voice voice;
    private final GenerationOptions options;
    private final ProgressDisplay progress;
    private double holdSeconds;
    private WavWriter writer;
    private int sentences;
    private int frames;
    private int reachedMaxLength;
    private long firstFrameNanos = -1;

    /**
     * @param holdSeconds audio to hold back at the start of the first sentence (FIRST_CHUNK_LENGTH_SECONDS)
     */
    StreamedText(TtsModel model, Voice voice, GenerationOptions options, double holdSeconds, ProgressDisplay progress) {
        this.model = model;
        this.voice = voice;
        this.options = options;
        this.holdSeconds = holdSeconds;
        this.progress = progress;
    }

    /**
     * Speaks what {@code in} holds, sentence by sentence as each is complete, to {@code output}.
     *
     * @return the run's statistics: its sentences as chunks, from the first read to the end
     * @throws InvalidInputException when the input holds nothing to speak
     */
    GenerationStats speak(Reader in, Output output) throws IOException {
        long start = System.nanoTime();
        SentenceSplitter splitter = new SentenceSplitter();
        char[] buffer = new char[8192];
        try {
            // A reader returns what has arrived (at least one character) without waiting for a full buffer.
            for (int n; (n = in.read(buffer)) != -1; ) {
                for (String sentence : splitter.append(CharBuffer.wrap(buffer, 0, n))) {
                    say(sentence, output, start);
                }
            }
            String rest = splitter.flush().orElse(null);
            if (rest != null) {
                say(rest, output, start);
            }
            if (writer == null) {
                throw new InvalidInputException("The text is empty: standard input held nothing to speak");
            }
            writer.finish();
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
        return new GenerationStats(sentences, sentences, frames, frames, firstFrameNanos, System.nanoTime() - start,
                0, 0, 0, reachedMaxLength);
    }

    private void say(String sentence, Output output, long start) throws IOException {
        if (writer == null) {
            writer = output.open();
        }
        try (AudioStream stream = model.stream(voice, sentence, options)) {
            GenerateCommand.write(stream, writer, model.sampleRate(), holdSeconds, progress);
            GenerationStats s = stream.stats();
            if (firstFrameNanos < 0 && s.firstFrameNanos() >= 0) {
                firstFrameNanos = s.firstFrameNanos() + (System.nanoTime() - start - s.elapsedNanos());
            }
            frames += s.framesDecoded();
            reachedMaxLength += s.reachedMaxLength();
        }
        holdSeconds = 0;
        sentences++;
    }
}
