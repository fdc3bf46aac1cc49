package org.pockettts.formats;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.pockettts.util.AtomicFiles;

/**
 * A file that appears whole or not at all: the encoder writes to a hidden temporary file beside the
 * target, which is renamed over the target once the encoder has finished and the file is on disk.
 */
final class FileEncoder implements AudioEncoder {

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream buffered;
    private final CodecEncoder encoder;
    /** The file has taken its place or has been discarded. */
    private boolean settled;

    private FileEncoder(Path target, Path temporary, FileChannel channel, OutputStream buffered,
                        CodecEncoder encoder) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.buffered = buffered;
        this.encoder = encoder;
    }

    static FileEncoder open(AudioFormat format, Path target, int sampleRate) throws IOException {
        Path absolute = target.toAbsolutePath();
        String what = format.label() + " file " + absolute;
        Path folder = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new IOException("cannot write " + what + ": it is a folder");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IOException("cannot write " + what + ": the folder " + folder + " does not exist");
        }
        Path temporary = AtomicFiles.createSibling(absolute, ".part");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            CodecEncoder encoder = format.codecEncoder(new EncodedOutput(buffered), channel, sampleRate, what);
            return new FileEncoder(absolute, temporary, channel, buffered, encoder);
        } catch (IOException | RuntimeException e) {
            discard(channel, temporary);
            throw e;
        }
    }

    @Override
    public AudioFormat format() {
        return encoder.format();
    }

    @Override
    public void write(float[] samples, int off, int len) throws IOException {
        encoder.write(samples, off, len);
    }

    @Override
    public void finish() throws IOException {
        try {
            encoder.finish();
            commit();
        } finally {
            close();
        }
    }

    private void commit() throws IOException {
        try {
            buffered.flush();
            channel.force(true);
            channel.close();
            AtomicFiles.move(temporary, target);
            settled = true;
        } catch (IOException e) {
            throw new IOException("cannot write " + encoder.format().label() + " file " + target + ": "
                    + (e.getMessage() != null ? e.getMessage() : "an I/O error"), e);
        }
    }

    /** Abandons the file unless it has taken its place. */
    @Override
    public void close() {
        encoder.close();
        if (!settled) {
            settled = true;
            discard(channel, temporary);
        }
    }

    private static void discard(FileChannel channel, Path temporary) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // The file is deleted next; nothing of it is kept.
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // Best effort: a leftover hidden .part file is harmless and named after its target.
        }
    }
}
