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
import org.pockettts.formats.TimeStretcher;

/**
 * {@code generate --text -}: reads the text as it arrives and speaks each sentence
 * ({@link SentenceSplitter}'s rule) as soon as it is complete, one generation per sentence, into one
 * output. So a pipe from a program that writes slowly (a language model) is heard from its first
 * sentence on. The output is opened with the first sentence: empty input writes nothing.
 */
final class StreamedText {

    /**
     * The most characters held while waiting for a sentence's end; beyond, what is held is spoken up
     * to its last space (about 120 tokens: well within the model's context).
     */
    static final int LONGEST_SENTENCE = 500;

    /** Opens the output. */
    @FunctionalInterface
    interface Output {
        HeldOutput open() throws IOException;
    }

    private final TtsModel model;
    private final Voice voice;
    private final GenerationOptions options;
    private final double speed;
    private final ProgressDisplay progress;
    private HeldOutput out;
    private int sentences;
    private int frames;
    private int reachedMaxLength;
    private long firstFrameNanos = -1;

    /**
     * @param speed the speaking rate ({@code --speed}); each sentence is stretched on its own, so
     *     that its audio is out whole before the next sentence has arrived
     */
    StreamedText(TtsModel model, Voice voice, GenerationOptions options, double speed, ProgressDisplay progress) {
        this.model = model;
        this.voice = voice;
        this.options = options;
        this.speed = speed;
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
                if (splitter.buffered() > LONGEST_SENTENCE) {
                    // Input that never ends a sentence is spoken in pieces, cut between words, rather than
                    // held without bound (and a piece stays short enough for the model's context).
                    String piece = splitter.flush().orElse("");
                    int cut = lastSpace(piece);
                    if (cut > 0) {
                        splitter.append(piece.substring(cut));
                        piece = piece.substring(0, cut);
                    }
                    say(piece, output, start);
                }
            }
            String rest = splitter.flush().orElse(null);
            if (rest != null) {
                say(rest, output, start);
            }
            if (out == null) {
                throw new InvalidInputException("The text is empty: standard input held nothing to speak");
            }
            out.encoder().finish();
        } finally {
            if (out != null) {
                out.encoder().close();
            }
        }
        return new GenerationStats(sentences, sentences, frames, frames, firstFrameNanos, System.nanoTime() - start,
                0, 0, 0, reachedMaxLength);
    }

    private void say(String sentence, Output output, long start) throws IOException {
        // The stream first: a sentence it refuses (malformed pause markup) opens no output.
        try (AudioStream stream = model.stream(voice, sentence, options)) {
            if (out == null) {
                out = output.open();
            }
            int rate = model.sampleRate();
            GenerateCommand.write(stream, out, TimeStretcher.of(speed, rate), rate, progress);
            GenerationStats s = stream.stats();
            if (firstFrameNanos < 0 && s.firstFrameNanos() >= 0) {
                firstFrameNanos = s.firstFrameNanos() + (System.nanoTime() - start - s.elapsedNanos());
            }
            frames += s.framesDecoded();
            reachedMaxLength += s.reachedMaxLength();
        }
        sentences++;
    }

    private static int lastSpace(String text) {
        for (int i = text.length() - 1; i > 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
