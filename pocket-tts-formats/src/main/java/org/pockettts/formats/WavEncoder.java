package org.pockettts.formats;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.pockettts.audio.WavWriter;

/**
 * WAV through the engine's own {@link WavWriter}, so that a WAV is byte for byte what the command
 * line and the server have always written: the reference's streaming header on a stream, true sizes
 * in a file.
 */
final class WavEncoder implements AudioEncoder {

    private final WavWriter writer;

    private WavEncoder(WavWriter writer) {
        this.writer = writer;
    }

    static WavEncoder toStream(OutputStream out, int sampleRate) throws IOException {
        return new WavEncoder(WavWriter.toStream(out, sampleRate));
    }

    static WavEncoder toFile(Path target, int sampleRate) throws IOException {
        return new WavEncoder(WavWriter.toFile(target, sampleRate));
    }

    @Override
    public AudioFormat format() {
        return AudioFormat.WAV;
    }

    @Override
    public void write(float[] samples, int off, int len) throws IOException {
        writer.write(samples, off, len);
    }

    @Override
    public void finish() throws IOException {
        writer.finish();
    }

    @Override
    public void close() {
        writer.close();
    }
}
