package org.pockettts.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.pockettts.batch.Columns;
import org.pockettts.batch.ManifestEntry;
import org.pockettts.batch.RawRow;

/**
 * The rows the job passes between its stages, as Spark rows: a table row as read (its values as
 * text) and a manifest line, with the columns and order of {@code batch}'s manifest.
 */
final class RowSchema {

    static final String ORDINAL = "ordinal";
    static final String POSITION = "position";
    static final String PROBLEM = "problem";
    /** The id's key for uniqueness ({@code RowRules.idKey}), null for a row without a valid id. */
    static final String ID_KEY = "id_key";
    /** The id and position of the first row with the same key, when it is another row. */
    static final String FIRST_ID = "first_id";
    static final String FIRST_POSITION = "first_position";

    /** A table row as read: ordinal, position, problem, then the known columns. */
    static final StructType RAW;

    static {
        StructType raw = new StructType()
                .add(ORDINAL, DataTypes.LongType, false)
                .add(POSITION, DataTypes.StringType)
                .add(PROBLEM, DataTypes.StringType);
        for (String column : Columns.KNOWN) {
            raw = raw.add(column, DataTypes.StringType);
        }
        RAW = raw;
    }

    /** A manifest line. */
    static final StructType MANIFEST = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.StringType, true),
        DataTypes.createStructField("path", DataTypes.StringType, true),
        DataTypes.createStructField("status", DataTypes.StringType, false),
        DataTypes.createStructField("duration_s", DataTypes.DoubleType, true),
        DataTypes.createStructField("error", DataTypes.StringType, true),
        DataTypes.createStructField("elapsed_s", DataTypes.DoubleType, false),
        DataTypes.createStructField("seed", DataTypes.LongType, true),
    });

    private RowSchema() {
    }

    static Row toRow(RawRow row) {
        Object[] values = new Object[3 + Columns.KNOWN.size()];
        values[0] = row.ordinal();
        values[1] = row.position();
        values[2] = row.problem();
        for (int i = 0; i < Columns.KNOWN.size(); i++) {
            values[3 + i] = row.get(Columns.KNOWN.get(i));
        }
        return RowFactory.create(values);
    }

    /**
     * The table row of a Spark row that starts with the {@link #RAW} columns (rows made in a task
     * carry no schema, so columns are taken by place).
     */
    static RawRow toRawRow(Row row) {
        long ordinal = row.getLong(0);
        String position = row.getString(1);
        String problem = row.getString(2);
        if (problem != null) {
            return RawRow.unreadable(ordinal, position, problem);
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < Columns.KNOWN.size(); i++) {
            String v = row.getString(3 + i);
            if (v != null) {
                values.put(Columns.KNOWN.get(i), v);
            }
        }
        return RawRow.of(ordinal, position, values);
    }

    static Row toRow(ManifestEntry e) {
        return RowFactory.create(e.id(), e.path(), e.status(), e.durationSeconds(), e.error(), e.elapsedSeconds(),
                e.seed());
    }
}
