package org.pockettts.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every format streams: headers leave at once, each write sends and flushes what the codec produced,
 * audio leaves within the codec's delay, nothing piles up, and what was sent before the end already
 * decodes to the audio written so far.
 */
class StreamingTest {

    private static final int RATE = Signals.RATE;
    private static final int FRAME = Signals.FRAME;

    /** The samples a codec may hold back before its first audio bytes leave (see the README). */
    private static int delay(AudioFormat format) {
        return switch (format) {
            case WAV, PCM -> 0;
            case FLAC -> FlacEncoder.BLOCK_SIZE;
            case OPUS -> RATE / 50;
            case MP3 -> 800;
        };
    }

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void headersLeaveAtOnce(AudioFormat format) throws IOException {
        RecordingStream out = new RecordingStream();
        try (AudioEncoder encoder = format.newEncoder(out, RATE)) {
            assertThat(encoder.format()).isEqualTo(format);
            int header = switch (format) {
                case WAV -> 44;
                case PCM, MP3 -> 0;
                case FLAC -> 4 + 4 + 34;
                case OPUS -> (27 + 1 + 19) + (27 + 1 + 8 + 4 + "Pocket TTS for the JVM, Opus by Concentus".length() + 4);
            };
            assertThat(out.size()).as("header bytes").isEqualTo(header);
            assertThat(out.unflushed()).as("unflushed header bytes").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void eachWriteSendsAndFlushesWhatTheCodecProduced(AudioFormat format) throws IOException {
        float[] audio = Signals.chirp(100, 5000, 30, 0.6);
        RecordingStream out = new RecordingStream();
        try (AudioEncoder encoder = format.newEncoder(out, RATE)) {
            int header = out.size();
            int firstAudioAt = -1;
            for (int at = 0; at < audio.length; at += FRAME) {
                int before = out.size();
                encoder.write(audio, at, FRAME);
                assertThat(out.unflushed()).as("bytes left unflushed after write %d", at / FRAME).isZero();
                if (firstAudioAt < 0 && out.size() > header) {
                    firstAudioAt = at + FRAME;
                }
                if (at + FRAME > delay(format) + FRAME) {
                    // Past the codec's delay, every 80 ms frame pushes bytes out: nothing accumulates.
                    assertThat(out.size()).as("bytes after write %d", at / FRAME).isGreaterThan(before);
                }
            }
            assertThat(firstAudioAt).as("samples in when the first audio bytes left")
                    .isPositive().isLessThanOrEqualTo(delay(format) + FRAME);
            encoder.finish();
            assertThat(out.unflushed()).isZero();
            assertThat(out.closed()).as("the caller's stream is left open").isFalse();
        }
    }

    /** The bytes sent before finish() decode to the audio written, less at most the codec's delay. */
    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void whatWasSentBeforeTheEndDecodes(AudioFormat format) throws IOException {
        Decoder.assumeFfmpeg();
        float[] audio = Signals.chirp(200, 3000, 3, 0.5);
        RecordingStream out = new RecordingStream();
        byte[] prefix;
        try (AudioEncoder encoder = format.newEncoder(out, RATE)) {
            for (int at = 0; at < audio.length; at += FRAME) {
                encoder.write(audio, at, Math.min(FRAME, audio.length - at));
            }
            prefix = out.toByteArray();
            encoder.finish();
        }
        short[] decoded = Decoder.decode(prefix, format);
        assertThat(decoded.length).as("samples decoded from the bytes sent before finish()")
                .isGreaterThanOrEqualTo(audio.length - delay(format) - FRAME);
        if (format != AudioFormat.MP3 && format != AudioFormat.OPUS) {
            short[] expected = org.pockettts.testing.Wav.referenceConversion(audio);
            Samples.assertEqual(decoded, Arrays.copyOf(expected, decoded.length), "the decoded prefix");
        }
    }

    @Test
    void pcmAndWavSendEachFrameAtOnce() throws IOException {
        for (AudioFormat format : new AudioFormat[] {AudioFormat.WAV, AudioFormat.PCM}) {
            RecordingStream out = new RecordingStream();
            try (AudioEncoder encoder = format.newEncoder(out, RATE)) {
                int header = out.size();
                encoder.write(new float[FRAME]);
                assertThat(out.size() - header).as(format + " bytes of one frame").isEqualTo(2 * FRAME);
            }
        }
    }
}
