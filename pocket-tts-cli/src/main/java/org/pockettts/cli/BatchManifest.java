package org.pockettts.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pockettts.batch.Job;
import org.pockettts.batch.ManifestEntry;
import org.pockettts.batch.OutputNames;

/**
 * {@code manifest.jsonl} of a batch run, kept two ways: every line is appended to it as its row
 * finishes (after the lines of earlier runs), so that a killed run keeps its record; and at the end
 * it is replaced, atomically, by one line per row of the table in the table's order. Rows finish out
 * of order, so lines wait in a buffer for the rows before them; the reader stays at most
 * {@link #MAX_AHEAD} rows ahead of the earliest unfinished row, which bounds it.
 */
final class BatchManifest implements AutoCloseable {

    /** How far ahead of the earliest unfinished row the table may be read. */
    static final int MAX_AHEAD = 4096;

    private final Path file;
    private final Map<String, ManifestEntry> previous;
    private final Writer journal;
    private final Path orderedFile;
    private final FileChannel orderedChannel;
    private final Writer ordered;
    private final TreeMap<Long, String> waiting = new TreeMap<>();
    private long next;
    private boolean finished;

    private BatchManifest(Path file, Map<String, ManifestEntry> previous, Writer journal, Path orderedFile,
                          FileChannel orderedChannel) {
        this.file = file;
        this.previous = previous;
        this.journal = journal;
        this.orderedFile = orderedFile;
        this.orderedChannel = orderedChannel;
        this.ordered = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(orderedChannel),
                StandardCharsets.UTF_8), 1 << 16);
    }

    /** Opens the manifest of {@code folder}, reading what an earlier run wrote in it. */
    static BatchManifest open(OutputFolder folder) throws IOException {
        Path file = folder.resolve(OutputNames.MANIFEST);
        Map<String, ManifestEntry> previous = new HashMap<>();
        if (Files.exists(file)) {
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    ManifestEntry e = ManifestEntry.parse(line);
                    if (e != null && e.id() != null && e.path() != null && !e.isError()) {
                        previous.put(e.id(), e);
                    }
                }
            }
            endWithLineBreak(file);
        }
        Writer journal = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Path orderedFile = Files.createFile(file.resolveSibling(OutputNames.temporaryName(OutputNames.MANIFEST)));
        try {
            return new BatchManifest(file, previous, journal, orderedFile,
                    FileChannel.open(orderedFile, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            journal.close();
            Files.deleteIfExists(orderedFile);
            throw e;
        }
    }

    /** A line cut short by a killed run gets its line break, so that the next line starts afresh. */
    private static void endWithLineBreak(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (f.length() > 0) {
                f.seek(f.length() - 1);
                if (f.read() != '\n') {
                    f.write('\n');
                }
            }
        }
    }

    /** The duration an earlier run recorded for the file of {@code job}, or null. */
    Double previousDuration(Job job) {
        ManifestEntry e = previous.get(job.id());
        return e != null && job.fileName().equals(e.path()) ? e.durationSeconds() : null;
    }

    /** Waits until the row {@code ordinal} may be read: at most {@link #MAX_AHEAD} rows past the earliest unfinished one. */
    synchronized void awaitRoom(long ordinal) throws InterruptedException {
        while (ordinal - next >= MAX_AHEAD) {
            wait();
        }
    }

    /** Records what became of row {@code ordinal}. */
    synchronized void record(long ordinal, ManifestEntry entry) throws IOException {
        String line = entry.toJson();
        journal.write(line);
        journal.write('\n');
        journal.flush();
        waiting.put(ordinal, line);
        while (!waiting.isEmpty() && waiting.firstKey() == next) {
            ordered.write(waiting.pollFirstEntry().getValue());
            ordered.write('\n');
            next++;
        }
        notifyAll();
    }

    /** Replaces the manifest by the lines of this run, in the table's order. */
    synchronized void finish() throws IOException {
        if (!waiting.isEmpty()) {
            throw new IllegalStateException("rows " + List.copyOf(waiting.keySet()) + " finished before row " + next);
        }
        journal.close();
        ordered.flush();
        orderedChannel.force(true);
        ordered.close();
        try {
            Files.move(orderedFile, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(orderedFile, file, StandardCopyOption.REPLACE_EXISTING);
        }
        finished = true;
    }

    /** Without {@link #finish()}, keeps the appended lines and drops the ordered copy. */
    @Override
    public synchronized void close() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            journal.close();
        } catch (IOException ignored) {
            // Each line was flushed as it was written.
        }
        try {
            ordered.close();
            Files.deleteIfExists(orderedFile);
        } catch (IOException ignored) {
            // A leftover temporary file is deleted by the next run.
        }
    }
}
