package org.pockettts.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pockettts.audio.WavWriter;

/** How generated speech is sent: both are 24 kHz 16-bit mono, flushed frame by frame. */
enum AudioFormat {

    /** A WAV stream with the reference's placeholder sizes, as its server sends it. */
    WAV("wav", "audio/wav"),
    /** Raw signed 16-bit little-endian samples, as OpenAI's {@code pcm} format. */
    PCM("pcm", "audio/pcm");

    /** Audio on its way to a client. */
    interface Sink {
        /** Sends a frame of samples now. */
        void write(float[] samples) throws IOException;

        /** Sends the closing silence. */
        void finish() throws IOException;
    }

    private final String name;
    private final String contentType;

    AudioFormat(String name, String contentType) {
        this.name = name;
        this.contentType = contentType;
    }

    /** The name in {@code response_format}. */
    String formatName() {
        return name;
    }

    String contentType() {
        return contentType;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(AudioFormat::formatName).toList();
    }

    /**
     * The format named {@code name}.
     *
     * @throws ApiException 400 listing the supported formats
     */
    static AudioFormat named(String name) {
        for (AudioFormat f : values()) {
            if (f.name.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw ApiException.badRequest("Unsupported response_format '" + name + "': this server sends "
                + String.join(" or ", names()));
    }

    /** Starts sending on {@code out}; a WAV's header leaves at once. */
    Sink open(OutputStream out, int sampleRate) throws IOException {
        if (this == WAV) {
            WavWriter writer = WavWriter.toStream(out, sampleRate);
            return new Sink() {
                @Override
                public void write(float[] samples) throws IOException {
                    writer.write(samples);
                }

                @Override
                public void finish() throws IOException {
                    writer.finish();
                }
            };
        }
        return new PcmSink(out, sampleRate);
    }

    /** The same samples as the WAV body, without the header. */
    private static final class PcmSink implements Sink {
        private final OutputStream out;
        private final int sampleRate;
        private byte[] block = new byte[0];

        PcmSink(OutputStream out, int sampleRate) {
            this.out = out;
            this.sampleRate = sampleRate;
        }

        @Override
        public void write(float[] samples) throws IOException {
            if (block.length < 2 * samples.length) {
                block = new byte[2 * samples.length];
            }
            for (int i = 0; i < samples.length; i++) {
                short v = WavWriter.toPcm16(samples[i]);
                block[2 * i] = (byte) v;
                block[2 * i + 1] = (byte) (v >> 8);
            }
            out.write(block, 0, 2 * samples.length);
            out.flush();
        }

        @Override
        public void finish() throws IOException {
            out.write(new byte[2 * WavWriter.tailSilenceSamples(sampleRate)]);
            out.flush();
        }
    }
}
