package org.pockettts.batch;

import java.util.List;

/** The columns of the input table; other columns are ignored (and named once in a warning). */
public final class Columns {

    public static final String ID = "id";
    public static final String TEXT = "text";
    public static final String VOICE = "voice";
    public static final String SEED = "seed";
    public static final String TEMPERATURE = "temperature";
    public static final String FORMAT = "format";
    public static final String LANGUAGE = "language";

    /** Every column the rules read, the required ones first. */
    public static final List<String> KNOWN = List.of(ID, TEXT, VOICE, SEED, TEMPERATURE, FORMAT, LANGUAGE);

    /** Columns without which no row can succeed: a table with a header must have them. */
    public static final List<String> REQUIRED = List.of(ID, TEXT);

    private Columns() {
    }

    public static boolean isKnown(String column) {
        return KNOWN.contains(column);
    }
}
