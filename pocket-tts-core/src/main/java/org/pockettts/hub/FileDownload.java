package org.pockettts.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pockettts.util.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file downloaded to its place in a cache. The bytes go to {@code <target>.incomplete} first;
 * only when the size (and, when known, the SHA-256) is right is that file renamed to the target, so
 * the target is whole or absent. A resumable download keeps the partial file when the connection
 * breaks and continues it next time with a {@code Range} request.
 */
final class FileDownload {

    private static final Logger LOG = LoggerFactory.getLogger(FileDownload.class);
    private static final long REPORT_INTERVAL_NANOS = 100_000_000L;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

    /** Builds the message for an error status of the server. */
    @FunctionalInterface
    interface StatusFailure {
        DownloadException of(URI url, int status, HttpHeaders headers);
    }

    /**
     * What to download and how to check it.
     *
     * @param url            where to download from
     * @param target         the file to create
     * @param expectedSize   the size announced beforehand, or -1
     * @param expectedSha256 the SHA-256 announced beforehand (hex), or null
     * @param resumable      whether a partial file may be kept and continued
     * @param what           the file for messages
     * @param description    the file for the progress listener
     * @param statusFailure  the message for an error status
     */
    record Request(URI url, Path target, long expectedSize, String expectedSha256, boolean resumable,
                   String what, String description, StatusFailure statusFailure) {
    }

    private final HttpTransport transport;
    private final DownloadListener listener;
    private boolean started;

    FileDownload(HttpTransport transport, DownloadListener listener) {
        this.transport = transport;
        this.listener = listener;
    }

    /** The partial file of a download to {@code target}. */
    static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".incomplete");
    }

    /** Downloads, checks and moves the file into place; on failure the target is untouched. */
    void run(Request request) throws IOException {
        Path part = partFile(request.target());
        try {
            try {
                Files.createDirectories(part.getParent());
            } catch (IOException e) {
                throw Failures.cannotWrite(request.what(), part.getParent(), e);
            }
            long size = transfer(request, part);
            verify(request, part, size);
            try {
                AtomicFiles.move(part, request.target());
            } catch (IOException e) {
                throw Failures.cannotWrite(request.what(), part.getParent(), e);
            }
        } catch (IOException | RuntimeException e) {
            if (!request.resumable()) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        } finally {
            if (started) {
                listener.finished();
            }
        }
    }

    /** Brings the partial file to its full length; returns that length, or -1 when never announced. */
    private long transfer(Request request, Path part) throws IOException {
        long offset = keptBytes(request, part);
        long size = request.expectedSize();
        if (size >= 0 && offset == size) {
            // An earlier run received everything but stopped before checking: check it now.
            if (!Files.exists(part)) {
                Files.createFile(part);
            }
            start(request.description(), size, offset);
            return size;
        }
        for (int attempt = 0; ; attempt++) {
            HttpResponse<BodyStream> response;
            try {
                response = transport.get(request.url(), offset);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                throw Failures.unreachable(request.what(), request.url(), e);
            }
            int status = response.statusCode();
            boolean restartable = attempt == 0 && offset > 0;
            if (status == 206) {
                long from = rangeStart(response.headers());
                if (from != offset) {
                    response.body().cancel();
                    if (!restartable) {
                        throw new DownloadException("Cannot download " + request.what() + ": " + request.url()
                                + " sent bytes from " + from + " on when asked for " + offset + " on; run again");
                    }
                    Files.deleteIfExists(part);
                    offset = 0;
                    continue;
                }
            } else if (status == 416 && restartable) {
                // The partial file no longer fits the remote file: start over.
                Files.deleteIfExists(part);
                offset = 0;
                continue;
            } else if (status / 100 == 2) {
                // The server ignored the range and sends the whole file.
                offset = 0;
            } else {
                throw request.statusFailure().of(request.url(), status, response.headers());
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (size < 0 && length >= 0) {
                size = offset + length;
            }
            start(request.description(), size, offset);
            warnIfShortOfSpace(part, size - offset);
            receive(request, part, offset, size, response.body());
            return size;
        }
    }

    /** Writes the body to the partial file from {@code offset} on. */
    private void receive(Request request, Path part, long offset, long size, BodyStream body) throws IOException {
        long written = offset;
        boolean tooLong = false;
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.truncate(offset);
            channel.position(offset);
            long lastReport = System.nanoTime();
            while (true) {
                ByteBuffer chunk;
                try {
                    chunk = body.next();
                } catch (InterruptedIOException e) {
                    throw e;
                } catch (IOException e) {
                    throw Failures.brokeOff(request.what(), request.url(), written, size, request.resumable(), part, e);
                }
                if (chunk == null) {
                    break;
                }
                if (size >= 0 && written + chunk.remaining() > size) {
                    // Whatever else arrives is not this file: it is thrown away below.
                    tooLong = true;
                    break;
                }
                while (chunk.hasRemaining()) {
                    written += channel.write(chunk);
                }
                long now = System.nanoTime();
                if (now - lastReport >= REPORT_INTERVAL_NANOS) {
                    listener.progress(written);
                    lastReport = now;
                }
            }
            channel.force(false);
        } catch (DownloadException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw Failures.cannotWrite(request.what(), part.getParent(), e);
        } finally {
            body.cancel();
        }
        if (tooLong) {
            Files.deleteIfExists(part);
            throw Failures.corrupt(request.what(), request.url(), "it is longer than the announced " + size + " bytes");
        }
        listener.progress(written);
        if (size >= 0 && written < size) {
            throw Failures.brokeOff(request.what(), request.url(), written, size, request.resumable(), part, null);
        }
    }

    /** Checks size and checksum; a partial file that fails is deleted, as continuing it cannot help. */
    private static void verify(Request request, Path part, long size) throws IOException {
        long actual = Files.size(part);
        if (size >= 0 && actual != size) {
            Files.deleteIfExists(part);
            throw Failures.corrupt(request.what(), request.url(), "it has " + actual + " bytes instead of " + size);
        }
        String expected = request.expectedSha256();
        if (expected != null) {
            String sha256 = sha256(part);
            if (!sha256.equalsIgnoreCase(expected)) {
                Files.deleteIfExists(part);
                throw Failures.corrupt(request.what(), request.url(),
                        "its SHA-256 is " + sha256 + " but should be " + expected.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Bytes of an earlier attempt that can be continued; anything unusable is deleted. */
    private static long keptBytes(Request request, Path part) throws IOException {
        if (!request.resumable() || !Files.isRegularFile(part)) {
            Files.deleteIfExists(part);
            return 0;
        }
        long kept = Files.size(part);
        if (request.expectedSize() >= 0 && kept > request.expectedSize()) {
            Files.deleteIfExists(part);
            return 0;
        }
        return kept;
    }

    private void start(String description, long size, long offset) {
        if (!started) {
            started = true;
            listener.started(description, size);
        }
        if (offset > 0) {
            listener.progress(offset);
        }
    }

    /** Only a warning, as huggingface_hub gives: free space is a guess on some file systems. */
    private static void warnIfShortOfSpace(Path part, long needed) {
        if (needed <= 0) {
            return;
        }
        try {
            long usable = Files.getFileStore(part.getParent()).getUsableSpace();
            if (usable < needed) {
                LOG.warn("{} needs {} more but only {} are free in {}; the download may fail",
                        part.getFileName(), Failures.bytes(needed), Failures.bytes(usable), part.getParent());
            }
        } catch (IOException e) {
            LOG.debug("Cannot tell the free space in {}", part.getParent(), e);
        }
    }

    private static long rangeStart(HttpHeaders headers) {
        Matcher m = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse("").trim());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
