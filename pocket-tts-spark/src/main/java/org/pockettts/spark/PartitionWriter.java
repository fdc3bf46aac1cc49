package org.pockettts.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.pockettts.batch.Checked;
import org.pockettts.batch.Job;
import org.pockettts.batch.ManifestEntry;
import org.pockettts.batch.RawRow;
import org.pockettts.batch.Rejected;
import org.pockettts.batch.RowRules;
import org.pockettts.batch.RowSynthesizer;

/**
 * A task's work: each row of its partition, in turn, checked by the rules of {@code batch}, skipped
 * when its file is complete, else spoken into a local file that is then put in place; one manifest
 * line out per row in. Rows are processed as the manifest writer asks for them, so a partition of
 * any size takes memory for one row.
 */
final class PartitionWriter implements MapPartitionsFunction<Row, Row>, Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> arguments;
    private final String outputDir;
    private final HadoopConf conf;
    /** Durations an earlier run recorded, by file name. */
    private final HashMap<String, Double> previousDurations;

    PartitionWriter(List<String> arguments, String outputDir, HadoopConf conf, Map<String, Double> previousDurations) {
        this.arguments = List.copyOf(arguments);
        this.outputDir = outputDir;
        this.conf = conf;
        this.previousDurations = new HashMap<>(previousDurations);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws IOException {
        ExecutorModel model = ExecutorModel.get(arguments);
        HadoopOutput output = new HadoopOutput(new Path(outputDir), conf.get());
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return RowSchema.toRow(process(rows.next(), model, output));
            }
        };
    }

    private ManifestEntry process(Row row, ExecutorModel model, HadoopOutput output) {
        RawRow raw = RowSchema.toRawRow(row);
        // After the RAW columns: the first row's id and position, from SparkBatch.withDuplicates.
        int first = RowSchema.RAW.size();
        String firstId = row.getString(first);
        RowRules.Duplicate duplicate = firstId == null ? null : new RowRules.Duplicate(firstId, row.getString(first + 1));
        Checked checked = model.rules().check(raw, duplicate);
        return switch (checked) {
            case Rejected r -> ManifestEntry.rejected(r);
            case Job job -> speak(job, model.synthesizer(), output);
        };
    }

    private ManifestEntry speak(Job job, RowSynthesizer synthesizer, HadoopOutput output) {
        long t0 = System.nanoTime();
        java.nio.file.Path local = null;
        try {
            if (output.isComplete(job.fileName(), job.format())) {
                return ManifestEntry.skipped(job, previousDurations.get(job.fileName()));
            }
            local = Files.createTempDirectory("pocket-tts-spark").resolve(job.fileName());
            RowSynthesizer.Result result = synthesizer.synthesize(job, local);
            output.publish(local, job.fileName());
            return ManifestEntry.ok(job, result.seconds(), (System.nanoTime() - t0) / 1e9);
        } catch (IOException | RuntimeException e) {
            return ManifestEntry.failed(job, e, (System.nanoTime() - t0) / 1e9);
        } finally {
            if (local != null) {
                deleteQuietly(local);
            }
        }
    }

    private static void deleteQuietly(java.nio.file.Path local) {
        try {
            Files.deleteIfExists(local);
            Files.deleteIfExists(local.getParent());
        } catch (IOException ignored) {
            // A leftover in the temporary folder of the machine.
        }
    }
}
