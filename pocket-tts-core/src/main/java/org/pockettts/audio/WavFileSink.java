package org.pockettts.audio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.pockettts.util.AtomicFiles;

/**
 * A WAV file that appears whole or not at all: samples go to a hidden temporary file beside the
 * target, whose header gets the true sizes on completion before it is renamed over the target.
 */
final class WavFileSink implements PcmSink {

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream out;

    WavFileSink(Path target, int sampleRate) throws IOException {
        this.target = target.toAbsolutePath();
        Path folder = this.target.getParent();
        if (Files.isDirectory(this.target)) {
            throw failure("it is a folder");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw failure("the folder " + folder + " does not exist or is not a folder");
        }
        try {
            this.temporary = org.pockettts.util.AtomicFiles.createSibling(this.target, ".part");
        } catch (IOException e) {
            throw failure("cannot create a file in " + folder + ": " + PcmSink.reason(e), e);
        }
        FileChannel opened = null;
        try {
            opened = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            this.channel = opened;
            this.out = new BufferedOutputStream(Channels.newOutputStream(opened), 1 << 16);
            // The sizes are patched in finish(); until then the file looks like a stream.
            out.write(WavHeader.pcm16Mono(sampleRate, WavHeader.STREAMING_DATA_BYTES));
        } catch (IOException e) {
            closeQuietly(opened);
            deleteQuietly(temporary);
            throw failure(PcmSink.reason(e), e);
        }
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        try {
            out.write(bytes, off, len);
        } catch (IOException e) {
            throw failure(PcmSink.reason(e), e);
        }
    }

    @Override
    public void finish(long dataBytes) throws IOException {
        try {
            out.flush();
            byte[] sizes = new byte[4];
            WavHeader.putU32(sizes, 0, WavHeader.riffSize(dataBytes));
            writeAt(sizes, WavHeader.RIFF_SIZE_AT);
            WavHeader.putU32(sizes, 0, dataBytes);
            writeAt(sizes, WavHeader.DATA_SIZE_AT);
            channel.force(true);
            channel.close();
            AtomicFiles.move(temporary, target);
        } catch (IOException e) {
            abort();
            throw failure(PcmSink.reason(e), e);
        }
    }

    private void writeAt(byte[] bytes, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + buffer.position());
        }
    }

    @Override
    public void abort() {
        closeQuietly(channel);
        deleteQuietly(temporary);
    }

    @Override
    public long maxDataBytes() {
        return WavHeader.MAX_DATA_BYTES;
    }

    private IOException failure(String reason) {
        return new IOException("cannot write WAV file " + target + ": " + reason);
    }

    private IOException failure(String reason, IOException cause) {
        return new IOException("cannot write WAV file " + target + ": " + reason, cause);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The file is deleted next; nothing of it is kept.
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Best effort: a leftover hidden .part file is harmless and named after its target.
        }
    }
}
