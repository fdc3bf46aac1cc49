package org.pockettts.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.pockettts.api.InvalidInputException;
import org.pockettts.batch.Columns;
import org.pockettts.batch.RawRow;
import org.pockettts.batch.Table;
import org.pockettts.batch.TableFormat;

/**
 * The input table as Spark rows of text ({@link RowSchema#RAW}). CSV and JSON Lines files are read
 * by {@code batch}'s own readers, one task per file, so that quoting, malformed lines and their
 * messages are exactly {@code batch}'s; Parquet by Spark, its columns cast to text. A row's ordinal
 * is its file's place among the files (by name) times 2⁴⁰ plus its place in the file.
 */
final class InputTable {

    private static final long FILE_STRIDE = 1L << 40;

    private final Dataset<Row> rows;
    private final Set<String> unknownColumns;
    private final CollectionAccumulator<String> foundColumns;

    private InputTable(Dataset<Row> rows, Set<String> unknownColumns, CollectionAccumulator<String> foundColumns) {
        this.rows = rows;
        this.unknownColumns = unknownColumns;
        this.foundColumns = foundColumns;
    }

    Dataset<Row> rows() {
        return rows;
    }

    /** Columns no rule reads, known once the rows have been read. */
    List<String> unknownColumns() {
        Set<String> all = new LinkedHashSet<>(unknownColumns);
        if (foundColumns != null) {
            all.addAll(foundColumns.value());
        }
        return all.stream().limit(Table.MAX_UNKNOWN_COLUMNS).toList();
    }

    /**
     * Reads the table at {@code input} (a file, folder or glob) in {@code format} ({@code csv},
     * {@code jsonl}, {@code parquet}; null: told by the name).
     *
     * @throws InvalidInputException when it does not exist, its format cannot be told, or a CSV
     *     header or Parquet schema lacks the required columns
     */
    static InputTable read(SparkSession spark, String input, String format, HadoopConf conf) throws IOException {
        String kind = format != null ? format.toLowerCase(Locale.ROOT) : kindOf(input);
        return switch (kind) {
            case "parquet" -> parquet(spark, input);
            case "csv" -> text(spark, input, TableFormat.CSV, conf);
            case "jsonl" -> text(spark, input, TableFormat.JSONL, conf);
            default -> throw new InvalidInputException("Unknown --input-format '" + format + "': give csv, jsonl or"
                    + " parquet");
        };
    }

    private static String kindOf(String input) {
        String name = input.toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return "parquet";
        }
        try {
            return TableFormat.fromFileName(name).name().toLowerCase(Locale.ROOT);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("Cannot tell the format of the table " + input + " by its name: give"
                    + " --input-format csv, jsonl or parquet");
        }
    }

    private static InputTable parquet(SparkSession spark, String input) {
        Dataset<Row> table = spark.read().parquet(input);
        List<String> columns = Arrays.asList(table.columns());
        for (String required : Columns.REQUIRED) {
            if (!columns.contains(required)) {
                throw new InvalidInputException("The table " + input + " has no '" + required + "' column (its columns"
                        + " are " + String.join(", ", columns) + "); every row needs an id and a text");
            }
        }
        List<Column> select = new ArrayList<>(List.of(monotonically_increasing_id().as(RowSchema.ORDINAL),
                lit(null).cast(DataTypes.StringType).as(RowSchema.POSITION),
                lit(null).cast(DataTypes.StringType).as(RowSchema.PROBLEM)));
        for (String c : Columns.KNOWN) {
            select.add((columns.contains(c) ? col(c) : lit(null)).cast(DataTypes.StringType).as(c));
        }
        Set<String> unknown = new LinkedHashSet<>();
        columns.stream().filter(c -> !Columns.isKnown(c)).forEach(unknown::add);
        return new InputTable(table.select(select.toArray(Column[]::new)), unknown, null);
    }

    private static InputTable text(SparkSession spark, String input, TableFormat format, HadoopConf conf)
            throws IOException {
        List<String> files = files(input, conf);
        Set<String> unknown = new LinkedHashSet<>();
        if (format == TableFormat.CSV) {
            // Headers are checked here, so that a table without its columns fails at once, by name.
            FileSystem fs = new Path(input).getFileSystem(conf.get());
            for (String file : files) {
                try (Table t = Table.open(fs.open(new Path(file)), format, file)) {
                    unknown.addAll(t.unknownColumns());
                }
            }
        }
        List<Row> indexed = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            indexed.add(RowFactory.create(i, files.get(i)));
        }
        StructType fileSchema = new StructType().add("index", DataTypes.IntegerType).add("file", DataTypes.StringType);
        CollectionAccumulator<String> found = spark.sparkContext().collectionAccumulator("unknown columns");
        boolean named = files.size() > 1;
        Dataset<Row> rows = spark.createDataFrame(indexed, fileSchema).repartition(files.size())
                .flatMap((FlatMapFunction<Row, Row>) f -> readFile(f.getInt(0), f.getString(1), named, format, conf,
                        found), Encoders.row(RowSchema.RAW));
        return new InputTable(rows, unknown, found);
    }

    /** The rows of one file, read as the task asks for them. */
    private static Iterator<Row> readFile(int index, String file, boolean named, TableFormat format, HadoopConf conf,
                                          CollectionAccumulator<String> found) throws IOException {
        Path path = new Path(file);
        Table table = Table.open(path.getFileSystem(conf.get()).open(path), format, file);
        String prefix = named ? path.getName() + " " : "";
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (table.hasNext()) {
                    return true;
                }
                table.unknownColumns().forEach(found::add);
                table.close();
                return false;
            }

            @Override
            public Row next() {
                RawRow r = table.next();
                long ordinal = index * FILE_STRIDE + r.ordinal();
                String position = r.position() == null ? null : prefix + r.position();
                return RowSchema.toRow(new RawRow(ordinal, position, r.values(), r.problem()));
            }
        };
    }

    /** The files of {@code input}: a file, the files of a folder (not hidden, not Spark's {@code _SUCCESS}), or a glob. */
    private static List<String> files(String input, HadoopConf conf) throws IOException {
        Path path = new Path(input);
        FileSystem fs = path.getFileSystem(conf.get());
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
            throw new InvalidInputException("Cannot read the table " + input + ": it does not exist");
        }
        List<String> files = new ArrayList<>();
        for (FileStatus m : matches) {
            FileStatus[] inside = m.isDirectory() ? fs.listStatus(m.getPath()) : new FileStatus[] {m};
            for (FileStatus f : inside) {
                String name = f.getPath().getName();
                if (f.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                    files.add(f.getPath().toString());
                }
            }
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("The table " + input + " holds no files");
        }
        files.sort(null);
        return files;
    }
}
