package org.pockettts.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.pockettts.TtsModel;
import org.pockettts.api.InvalidInputException;
import org.pockettts.batch.Columns;
import org.pockettts.batch.OutputNames;
import org.pockettts.batch.RawRow;
import org.pockettts.batch.RowDefaults;
import org.pockettts.batch.RowRules;
import org.pockettts.batch.RowSynthesizer;
import org.pockettts.batch.RunSummary;
import org.pockettts.batch.Table;
import org.pockettts.batch.TableFormat;
import org.pockettts.batch.VoiceCache;
import org.pockettts.hub.HubClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pocket-tts batch}: speaks every row of a table into its own audio file with one model
 * load, several rows at a time, resuming where an earlier run stopped.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Speak every row of a table into its own audio file, loading the model once.",
            "INPUT is a CSV file (.csv, UTF-8, with a header row) or JSON Lines (.jsonl) with the columns id and text"
                + " and, optionally, voice, seed, temperature, format and language, which replace the options below for"
                + " their row. Each row becomes DIR/<id>.<format>; DIR/manifest.jsonl says what became of every row"
                + " (ok, skipped or error). A row whose file is already complete is skipped, so running again resumes.",
            "The options of generate apply to each row: --max-audio-seconds is per row, and a row without a seed gets"
                + " --seed or, without it, a seed made from its id (the same on every run), not a random one.",
            "Exit code: 0 when every row is written or skipped, 1 when a row failed (the others are still written),"
                + " 2 for a malformed command line."})
final class BatchCommand implements Callable<Integer> {

    /** How long a signal waits for the run to abandon its files and close the manifest. */
    static final long STOP_GRACE_SECONDS = 5;

    /** Held so that its level sticks: java.util.logging keeps loggers only weakly. */
    private static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("org.pockettts");

    @ParentCommand
    PocketTts root;

    @Parameters(index = "0", paramLabel = "INPUT", description = "The table of rows: a .csv or .jsonl file.")
    Path input;

    @Option(names = "--output-dir", paramLabel = "DIR", required = true,
            description = "Folder of the audio files and the manifest; created if needed.")
    Path outputDir;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Rows spoken at once, 1 to " + BatchRun.MAX_JOBS + ". Default: the number of cores.")
    Integer jobs;

    @Mixin
    BatchOptions options;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CliContext ctx = root.context;
        int streams = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (streams < 1 || streams > BatchRun.MAX_JOBS) {
            throw new InvalidInputException("--jobs must be from 1 to " + BatchRun.MAX_JOBS + ", got " + streams);
        }
        RowDefaults defaults = options.defaults(ctx);
        TableFormat format = TableFormat.fromFileName(input.getFileName().toString());
        boolean quiet = options.quiet();
        boolean drawing = ctx.interactive() && !quiet;
        // Rows report their own problems in the manifest; the engine's per-generation messages would
        // only bury the summary.
        Level engineLevel = ENGINE_LOG.getLevel();
        ENGINE_LOG.setLevel(Level.SEVERE);
        try {
            return run(ctx, streams, defaults, format, quiet, drawing);
        } finally {
            ENGINE_LOG.setLevel(engineLevel);
        }
    }

    /**
     * Runs the rows; a signal (Ctrl-C, SIGTERM) stops the run and waits up to
     * {@value #STOP_GRACE_SECONDS} s for it to abandon its files and close the manifest.
     */
    private int run(CliContext ctx, int streams, RowDefaults defaults, TableFormat format, boolean quiet,
                    boolean drawing) throws IOException, InterruptedException {
        AtomicReference<BatchRun> running = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            BatchRun run = running.get();
            if (run != null) {
                run.stop();
            }
            try {
                closed.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(ctx, streams, defaults, format, quiet, drawing, running);
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook is running.
            }
        }
    }

    private int run(CliContext ctx, int streams, RowDefaults defaults, TableFormat format, boolean quiet,
                    boolean drawing, AtomicReference<BatchRun> running) throws IOException, InterruptedException {
        try (Table table = open(format);
             OutputFolder folder = OutputFolder.open(outputDir);
             BatchManifest manifest = BatchManifest.open(folder)) {
            long[] totals = drawing ? count(format) : new long[] {-1, -1};
            ProgressDisplay display = new ProgressDisplay(ctx.err(), drawing);
            TtsModel model;
            try (HubClient hub = HubClient.fromEnvironment(ctx.env())) {
                hub.setDownloadListener(display);
                root.doing("loading the model");
                model = options.load(hub);
                display.end();
                BatchProgress progress = new BatchProgress(display, totals[0], totals[1]);
                RowSynthesizer synthesizer = new RowSynthesizer(model, new VoiceCache(model::voice));
                root.doing("speaking the rows of " + input);
                BatchRun run = new BatchRun(folder, new RowRules(defaults), synthesizer, manifest, progress, streams);
                running.set(run);
                try {
                    run.run(table);
                } finally {
                    progress.end();
                }
                return report(ctx, table, progress, quiet);
            }
        }
    }

    private Table open(TableFormat format) {
        if (Files.isDirectory(input)) {
            throw new InvalidInputException("Cannot read the table " + input + ": it is a folder");
        }
        InputStream in;
        try {
            in = Files.newInputStream(input);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("Cannot read the table " + input + ": it does not exist");
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read the table " + input + ": " + OutputFolder.reason(e));
        }
        return Table.open(in, format, input.toString());
    }

    /** Rows and characters of text in the table, for the progress line: a first reading, without the rules. */
    private long[] count(TableFormat format) {
        long rows = 0;
        long chars = 0;
        try (Table table = open(format)) {
            while (table.hasNext()) {
                RawRow row = table.next();
                rows++;
                String text = row.get(Columns.TEXT);
                chars += text == null ? 0 : text.length();
            }
        }
        return new long[] {rows, chars};
    }

    private int report(CliContext ctx, Table table, BatchProgress progress, boolean quiet) {
        String manifest = outputDir.resolve(OutputNames.MANIFEST).toString();
        RunSummary summary = progress.summary();
        String ignored = RunSummary.ignoredColumns(table.unknownColumns());
        if (!quiet) {
            if (ignored != null) {
                ctx.err().println(ignored);
            }
            ctx.err().println(summary.line(manifest));
        }
        String failure = summary.failure(manifest);
        if (failure != null) {
            ctx.err().println(failure);
        }
        ctx.err().flush();
        return failure != null ? PocketTts.FAILED : 0;
    }
}
