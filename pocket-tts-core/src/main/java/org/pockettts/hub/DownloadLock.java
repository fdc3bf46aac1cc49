package org.pockettts.hub;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps two downloads of the same file from running at once: across processes with a lock on a lock
 * file (the file stays, as with huggingface_hub), and across threads of this process with an
 * in-memory lock, since a JVM may hold only one lock on a file.
 */
final class DownloadLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadLock.class);
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private DownloadLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Waits until no other thread or process downloads the file guarded by {@code lockFile}.
     *
     * @param what the file, for the message shown while waiting
     */
    static DownloadLock acquire(Path lockFile, String what) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            threadLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to download " + what);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = tryLock(channel, key);
            if (fileLock == null && channel.isOpen()) {
                LOG.info("Waiting for another process to finish downloading {} (lock {})", what, key);
                fileLock = channel.lock();
            }
            return new DownloadLock(threadLock, channel, fileLock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            threadLock.unlock();
            throw e;
        }
    }

    /** Null when another process holds the lock; a file system without locks is used unlocked, with a warning. */
    private static FileLock tryLock(FileChannel channel, Path key) throws IOException {
        try {
            return channel.tryLock();
        } catch (IOException e) {
            LOG.warn("Cannot lock {} ({}); downloading without a lock", key, e.getMessage());
            channel.close();
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (fileLock != null && fileLock.isValid()) {
                fileLock.release();
            }
        } finally {
            closeQuietly(channel);
            threadLock.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing a lock file failed", e);
            }
        }
    }
}
