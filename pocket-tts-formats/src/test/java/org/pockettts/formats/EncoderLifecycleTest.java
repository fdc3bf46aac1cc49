package org.pockettts.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EncoderLifecycleTest {

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void aFinishedOrClosedEncoderRefusesMoreAndLeavesTheStreamOpen(AudioFormat format) throws IOException {
        RecordingStream out = new RecordingStream();
        AudioEncoder finished = format.newEncoder(out, Signals.RATE);
        finished.write(new float[100]);
        finished.finish();
        assertThatThrownBy(() -> finished.write(new float[1])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(finished::finish).isInstanceOf(IllegalStateException.class);
        finished.close();
        finished.close();

        AudioEncoder closed = format.newEncoder(out, Signals.RATE);
        closed.close();
        assertThatThrownBy(() -> closed.write(new float[1])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(closed::finish).isInstanceOf(IllegalStateException.class);
        assertThat(out.closed()).isFalse();
    }

    /** A failure in the header (at 10 bytes) or later (at 5000) names the stream and the reason. */
    @ParameterizedTest
    @CsvSource({"WAV, 10", "PCM, 10", "MP3, 10", "OPUS, 10", "FLAC, 10",
                "WAV, 5000", "PCM, 5000", "MP3, 5000", "OPUS, 5000", "FLAC, 5000"})
    void aFailingStreamIsReportedWithTheReason(AudioFormat format, int failAfter) {
        OutputStream broken = new OutputStream() {
            private int bytes;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                bytes += len;
                if (bytes > failAfter) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        assertThatThrownBy(() -> {
            try (AudioEncoder encoder = format.newEncoder(broken, Signals.RATE)) {
                for (int i = 0; i < 50; i++) {
                    encoder.write(Signals.tone(440, 0.08, 0.5));
                }
                encoder.finish();
            }
        }).isInstanceOf(IOException.class).hasMessage("cannot write the " + format.label() + " stream: Broken pipe");
    }

    @Test
    void codecsRefuseRatesTheyCannotStore() {
        assertThatThrownBy(() -> AudioFormat.MP3.newEncoder(new RecordingStream(), 11_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mp3 cannot store 11000 Hz audio; its sample rates are"
                        + " 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000");
        assertThatThrownBy(() -> AudioFormat.FLAC.newEncoder(new RecordingStream(), 1 << 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flac cannot store 1048576 Hz audio; its highest rate is 1048575 Hz");
        for (AudioFormat format : AudioFormat.values()) {
            assertThatThrownBy(() -> format.newEncoder(new RecordingStream(), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sample rate must be positive, got 0");
        }
    }

    /** 24 000 samples at 48 kHz, and the closing silence: 0.7 s. */
    @ParameterizedTest
    @EnumSource(names = {"WAV", "MP3", "OPUS", "FLAC"})
    void otherRatesEncodeAndDecode(AudioFormat format) throws IOException {
        Decoder.assumeFfmpeg();
        RecordingStream out = new RecordingStream();
        try (AudioEncoder encoder = format.newEncoder(out, 48_000)) {
            encoder.write(Signals.tone(440, 1, 0.5));
            encoder.finish();
        }
        double seconds = Decoder.decode(out.toByteArray(), format, 48_000).length / 48_000.0;
        assertThat(seconds).as(format.formatName()).isBetween(0.7, 0.7 + (format == AudioFormat.MP3 ? 0.1 : 0));
    }
}
