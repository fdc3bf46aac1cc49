package org.pockettts.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.PocketTtsException;
import org.pockettts.batch.ManifestEntry;
import org.pockettts.batch.RowRules;
import org.pockettts.batch.RunSummary;
import org.pockettts.cli.BatchOptions;
import org.pockettts.cli.CliContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Spark job: {@code pocket-tts batch} on a cluster. The driver reads the table and checks
 * which ids repeat; the rows are spread over {@code --partitions} tasks by their place in the
 * table; each task speaks its rows with its executor's model ({@link ExecutorModel}) and writes
 * {@code OUTPUT/<id>.<format>}; the manifest is written by Spark as JSON Lines to
 * {@code OUTPUT/manifest/}. The rules, seeds, formats and messages are those of {@code batch}.
 */
@Command(name = "pocket-tts-spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Speak every row of a table into its own audio file on a Spark cluster (or in this JVM with"
                + " --master local[N]).",
            "INPUT is a Hadoop file system path (file:, hdfs:, s3a:, ...) of a CSV file (.csv), JSON Lines (.jsonl),"
                + " Parquet (.parquet), or a folder or glob of them, with the columns of batch. Each row becomes"
                + " OUTPUT/<id>.<format>; OUTPUT/manifest/ (JSON Lines) says what became of every row."})
public final class SparkBatch implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "INPUT", description = "The table: a path or glob on any Hadoop file system.")
    String input;

    @Option(names = "--output-dir", paramLabel = "OUTPUT", required = true,
            description = "Folder of the audio files and of manifest/, on any Hadoop file system; created if needed.")
    String outputDir;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] to run in this JVM on 2 cores. Default: spark-submit's.")
    String master;

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "csv, jsonl or parquet. Default: told by INPUT's extension.")
    String inputFormat;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Tasks the rows are spread over. Default: the cores of the cluster"
                    + " (spark.default.parallelism) times 4, so that long rows even out.")
    Integer partitions;

    @Mixin
    BatchOptions options;

    private List<String> arguments;
    private PrintStream err = System.err;

    public static void main(String[] args) {
        System.exit(run(System.err, args));
    }

    /** Runs the job with {@code args}, printing its summary and errors to {@code err}; returns the exit code. */
    public static int run(PrintStream err, String... args) {
        SparkBatch job = new SparkBatch();
        job.arguments = List.of(args);
        job.err = err;
        CommandLine cli = new CommandLine(job);
        cli.setOut(new PrintWriter(err, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, params) -> {
            err.println("Error: " + e.getMessage() + " (see 'pocket-tts-spark --help')");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("Error: " + message(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** The job's options as a task sees them: parsed again from the job's arguments. */
    static SparkBatch parse(List<String> arguments) {
        SparkBatch job = new SparkBatch();
        new CommandLine(job).parseArgs(arguments.toArray(String[]::new));
        return job;
    }

    @Override
    public Integer call() throws IOException {
        // The options are checked here, before Spark starts, as the executors will check them again.
        options.defaults(new CliContext(System.getenv(), System.in, System.out, err, false));
        if (partitions != null && partitions < 1) {
            throw new InvalidInputException("--partitions must be at least 1, got " + partitions);
        }
        boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession.Builder builder = SparkSession.builder().appName("pocket-tts batch");
        if (master != null) {
            builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        try {
            return runJob(spark);
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    private int runJob(SparkSession spark) throws IOException {
        long started = System.nanoTime();
        HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        HadoopOutput output;
        try {
            output = new HadoopOutput(new Path(outputDir), conf.get());
            output.fileSystem().mkdirs(output.dir());
        } catch (IOException e) {
            throw new InvalidInputException("Cannot create the output folder " + outputDir + ": " + e.getMessage());
        }
        output.deleteTemporaryFiles();
        String manifestDir = new Path(output.dir(), "manifest").toString();

        InputTable table = InputTable.read(spark, input, inputFormat, conf);
        Map<String, Double> previous = previousDurations(spark, output, manifestDir);
        int tasks = partitions != null ? partitions : 4 * spark.sparkContext().defaultParallelism();

        Dataset<Row> manifest = withDuplicates(table.rows())
                .repartition(tasks, col(RowSchema.ORDINAL))
                .mapPartitions(new PartitionWriter(arguments, output.dir().toString(), conf, previous),
                        Encoders.row(RowSchema.MANIFEST));
        manifest.write().mode(SaveMode.Overwrite).option("ignoreNullFields", false).json(manifestDir);
        output.deleteTemporaryFiles();
        return report(spark, manifestDir, table.unknownColumns(), (System.nanoTime() - started) / 1e9);
    }

    /**
     * The rows with the id and position of the first row that has the same id ignoring case, when it
     * is another row: the first row in the table's order keeps an id, as in {@code batch}.
     */
    private static Dataset<Row> withDuplicates(Dataset<Row> rows) {
        StructType withKey = RowSchema.RAW.add("valid_id", DataTypes.StringType).add(RowSchema.ID_KEY,
                DataTypes.StringType);
        Dataset<Row> keyed = rows.map((MapFunction<Row, Row>) row -> {
            String id = RowRules.validId(RowSchema.toRawRow(row));
            Object[] values = new Object[row.size() + 2];
            for (int i = 0; i < row.size(); i++) {
                values[i] = row.get(i);
            }
            values[row.size()] = id;
            values[row.size() + 1] = id == null ? null : RowRules.idKey(id);
            return RowFactory.create(values);
        }, Encoders.row(withKey));
        WindowSpec sameId = Window.partitionBy(RowSchema.ID_KEY).orderBy(RowSchema.ORDINAL);
        var repeated = col(RowSchema.ID_KEY).isNotNull().and(row_number().over(sameId).gt(1));
        return keyed
                .withColumn(RowSchema.FIRST_ID, when(repeated, first(col("valid_id")).over(sameId)))
                .withColumn(RowSchema.FIRST_POSITION, when(repeated, first(col(RowSchema.POSITION)).over(sameId)))
                .drop("valid_id", RowSchema.ID_KEY);
    }

    /** What an earlier run's manifest says of the files it wrote: duration by file name. */
    private static Map<String, Double> previousDurations(SparkSession spark, HadoopOutput output, String manifestDir)
            throws IOException {
        Map<String, Double> durations = new HashMap<>();
        if (!output.fileSystem().exists(new Path(manifestDir))) {
            return durations;
        }
        for (Row r : spark.read().schema(RowSchema.MANIFEST).json(manifestDir)
                .where(col("status").notEqual(lit(ManifestEntry.ERROR)).and(col("path").isNotNull())
                        .and(col("duration_s").isNotNull()))
                .select("path", "duration_s").collectAsList()) {
            durations.put(r.getString(0), r.getDouble(1));
        }
        return durations;
    }

    private int report(SparkSession spark, String manifestDir, List<String> unknown, double wallSeconds) {
        Map<String, Long> counts = new HashMap<>();
        double audio = 0;
        for (Row r : spark.read().schema(RowSchema.MANIFEST).json(manifestDir).groupBy("status")
                .agg(count(lit(1)), sum("duration_s")).collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
            if (ManifestEntry.OK.equals(r.getString(0)) && !r.isNullAt(2)) {
                audio = r.getDouble(2);
            }
        }
        RunSummary summary = new RunSummary(counts.getOrDefault(ManifestEntry.OK, 0L),
                counts.getOrDefault(ManifestEntry.SKIPPED, 0L), counts.getOrDefault(ManifestEntry.ERROR, 0L), audio,
                wallSeconds, 0);
        String ignored = RunSummary.ignoredColumns(unknown);
        if (!options.quiet()) {
            if (ignored != null) {
                err.println(ignored);
            }
            err.println(summary.line(manifestDir));
        }
        String failure = summary.failure(manifestDir);
        if (failure != null) {
            err.println(failure);
        }
        return failure != null ? 1 : 0;
    }

    /** One line for a failure: our own messages as they are, wherever in a Spark failure they are. */
    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PocketTtsException) {
                return t.getMessage().replace('\n', ' ');
            }
        }
        if (e instanceof IOException && e.getMessage() != null) {
            return e.getMessage().replace('\n', ' ');
        }
        String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return "the job failed: " + m;
    }
}
