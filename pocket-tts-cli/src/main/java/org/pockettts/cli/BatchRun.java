package org.pockettts.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.pockettts.api.PocketTtsException;
import org.pockettts.batch.Checked;
import org.pockettts.batch.Columns;
import org.pockettts.batch.Job;
import org.pockettts.batch.ManifestEntry;
import org.pockettts.batch.RawRow;
import org.pockettts.batch.Rejected;
import org.pockettts.batch.RowRules;
import org.pockettts.batch.RowSynthesizer;
import org.pockettts.batch.Table;

/**
 * One batch run: the table is read in order on the calling thread, where each row is checked and
 * claims its id; valid rows go to {@code jobs} worker threads, each speaking one row at a time into
 * its file; every row's outcome goes to the manifest and the progress line as it finishes.
 *
 * <p>{@link #stop()} (on a signal) interrupts the workers: the rows they were speaking are abandoned,
 * their temporary files deleted, and recorded as errors. A run killed outright leaves its temporary
 * files, which the next run deletes.
 */
final class BatchRun {

    /** The most parallel streams ({@code --jobs}): each holds a generation's state and two threads. */
    static final int MAX_JOBS = 64;

    private final OutputFolder folder;
    private final RowRules rules;
    private final RowSynthesizer synthesizer;
    private final BatchManifest manifest;
    private final BatchProgress progress;
    private final int jobs;
    /** Ids taken so far, by {@link RowRules#idKey}: ids stay unique ignoring case. */
    private final Map<String, RowRules.Duplicate> ids = new HashMap<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private volatile ExecutorService workers;

    BatchRun(OutputFolder folder, RowRules rules, RowSynthesizer synthesizer, BatchManifest manifest,
             BatchProgress progress, int jobs) {
        this.folder = folder;
        this.rules = rules;
        this.synthesizer = synthesizer;
        this.manifest = manifest;
        this.progress = progress;
        this.jobs = jobs;
    }

    /**
     * Runs every row of {@code table}, then writes the manifest in the table's order.
     *
     * @throws IOException when the manifest cannot be written
     * @throws Error or {@link RuntimeException} that stopped the run (running out of memory, a
     *     table that turns out not to be UTF-8); the manifest then keeps the lines of the rows done
     */
    void run(Table table) throws IOException, InterruptedException {
        AtomicInteger worker = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(jobs,
                r -> Thread.ofPlatform().name("pocket-tts-batch-" + worker.incrementAndGet()).unstarted(r));
        Semaphore slots = new Semaphore(2 * jobs);
        this.workers = workers;
        try {
            while (fatal.get() == null && table.hasNext()) {
                RawRow row = table.next();
                Checked checked = rules.check(row, claim(row));
                manifest.awaitRoom(checked.ordinal());
                int chars = textLength(row);
                switch (checked) {
                    case Rejected r -> record(r.ordinal(), ManifestEntry.rejected(r), chars, false);
                    case Job job -> {
                        slots.acquire();
                        workers.execute(() -> {
                            try {
                                speak(job, chars);
                            } catch (Throwable t) {
                                fatal.compareAndSet(null, t);
                            } finally {
                                slots.release();
                            }
                        });
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            fatal.compareAndSet(null, e);
        } finally {
            if (fatal.get() instanceof Error) {
                workers.shutdownNow();
            } else {
                workers.shutdown();
            }
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                progress.draw();
            }
        }
        Throwable failure = fatal.get();
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        manifest.finish();
    }

    /** The first row that took the id of {@code row}, or null when the id is new to the run (then it is taken). */
    private RowRules.Duplicate claim(RawRow row) {
        String id = RowRules.validId(row);
        return id == null ? null : ids.putIfAbsent(RowRules.idKey(id), new RowRules.Duplicate(id, row.position()));
    }

    /** Speaks {@code job} into its file, unless an earlier run completed it. */
    private void speak(Job job, int chars) throws IOException {
        Path target = folder.resolve(job.fileName());
        if (OutputFolder.isComplete(target, job.format())) {
            record(job.ordinal(), ManifestEntry.skipped(job, manifest.previousDuration(job)), chars, false);
            return;
        }
        long t0 = System.nanoTime();
        ManifestEntry entry;
        boolean reachedMax = false;
        try {
            RowSynthesizer.Result result = synthesizer.synthesize(job, target);
            reachedMax = result.reachedMaxLength();
            entry = ManifestEntry.ok(job, result.seconds(), seconds(t0));
        } catch (IOException | RuntimeException e) {
            if (OutOfMemory.cause(e) != null) {
                throw OutOfMemory.cause(e);
            }
            entry = ManifestEntry.failed(job, e, seconds(t0));
        }
        record(job.ordinal(), entry, chars, reachedMax);
    }

    private void record(long ordinal, ManifestEntry entry, int chars, boolean reachedMax) throws IOException {
        manifest.record(ordinal, entry);
        progress.recorded(entry, chars, reachedMax);
    }

    /**
     * Stops the run (on a signal): no more rows are read, and the workers are interrupted, which
     * abandons the rows they are speaking and deletes their temporary files.
     */
    void stop() {
        fatal.compareAndSet(null, new PocketTtsException("Stopped by a signal"));
        ExecutorService running = workers;
        if (running != null) {
            running.shutdownNow();
        }
    }

    private static int textLength(RawRow row) {
        String text = row.get(Columns.TEXT);
        return text == null ? 0 : text.length();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
