package org.pockettts.batch;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;
import org.pockettts.GenerationOptions;
import org.pockettts.api.InvalidInputException;
import org.pockettts.formats.AudioFormat;

/**
 * The rules a row must follow, the same in {@code batch} and in the Spark job:
 * <ul>
 * <li>{@code id}: required; 1 to {@value #MAX_ID_LENGTH} of {@code A-Z a-z 0-9 . _ -}, not starting
 *     with a dot (its file would be hidden, where the temporary files live: this also refuses
 *     {@code .} and {@code ..}); unique, ignoring case, since {@code A.wav} and {@code a.wav} are one
 *     file on the file systems of macOS and Windows — the first row with an id keeps it;</li>
 * <li>{@code text}: required, not blank;</li>
 * <li>{@code seed}: a whole number (64-bit); default: the command's {@code --seed}, else
 *     {@link Seeds#fromId};</li>
 * <li>{@code temperature}: a number within the engine's limits; default: the command's;</li>
 * <li>{@code format}: an audio format name; default: the command's;</li>
 * <li>{@code language}: a known language, and the loaded model's when that is known;</li>
 * <li>{@code voice}: a predefined name, an existing file or a URL; default: the command's.</li>
 * </ul>
 * Values other than the text are taken without surrounding blanks; an empty value is a missing one.
 */
public final class RowRules {

    /** The longest id. */
    public static final int MAX_ID_LENGTH = 128;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_ID_LENGTH + "}");
    /** A number as JSON and CSV files write them: no hexadecimal, no NaN or Infinity, no type suffix. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final RowDefaults defaults;

    public RowRules(RowDefaults defaults) {
        this.defaults = defaults;
    }

    /** Whether {@code id} may name a row. */
    public static boolean isValidId(String id) {
        return ID.matcher(id).matches() && !id.startsWith(".");
    }

    /** The key under which ids are unique: ids that differ only in case are the same file on some systems. */
    public static String idKey(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    /**
     * The valid id of {@code row}, which claims that id (see {@link #check}); null when the row has
     * none or an invalid one, or could not be read.
     */
    public static String validId(RawRow row) {
        if (row.problem() != null) {
            return null;
        }
        String id = value(row, Columns.ID);
        return id != null && isValidId(id) ? id : null;
    }

    /**
     * Applies the rules to {@code row}.
     *
     * @param firstWithId when another row came first with the same id (ignoring case): that row's
     *     id as written, its position, and whether it is written differently; else null
     */
    public Checked check(RawRow row, Duplicate firstWithId) {
        String at = row.position() == null ? "" : row.position() + ": ";
        if (row.problem() != null) {
            return new Rejected(row.ordinal(), null, null, at + row.problem());
        }
        String id = value(row, Columns.ID);
        if (id == null) {
            return new Rejected(row.ordinal(), null, null, at + "the row has no id; give each row a unique id of"
                    + " letters, digits, '.', '_' or '-'");
        }
        if (!isValidId(id)) {
            return new Rejected(row.ordinal(), abbreviate(id), null, at + invalidId(id));
        }
        if (firstWithId != null) {
            return new Rejected(row.ordinal(), id, null, at + firstWithId.message(id));
        }
        Long seed;
        try {
            seed = seed(row);
        } catch (InvalidInputException e) {
            return new Rejected(row.ordinal(), id, null, at + e.getMessage());
        }
        long rowSeed = seed != null ? seed : defaults.options().seed() != null ? defaults.options().seed()
                : Seeds.fromId(id);
        try {
            String text = row.get(Columns.TEXT);
            if (text == null || text.isBlank()) {
                throw new InvalidInputException("the text is empty; give each row something to speak");
            }
            GenerationOptions options = defaults.options().withSeed(rowSeed);
            String temperature = value(row, Columns.TEMPERATURE);
            if (temperature != null) {
                options = options.withTemperature(number(temperature));
            }
            String formatName = value(row, Columns.FORMAT);
            AudioFormat format = defaults.format();
            if (formatName != null) {
                try {
                    format = AudioFormat.fromName(formatName);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(e.getMessage());
                }
            }
            checkLanguage(value(row, Columns.LANGUAGE));
            String voice = value(row, Columns.VOICE);
            // An unknown name or a missing file is found when the voice is prompted (by the model, which
            // knows its own voices), and the row is recorded as an error then.
            voice = voice != null ? voice : defaults.voice();
            return new Job(row.ordinal(), row.position(), id, text, voice, options, format);
        } catch (InvalidInputException e) {
            return new Rejected(row.ordinal(), id, rowSeed, at + e.getMessage());
        }
    }

    /** The first row with an id that a later row repeats. */
    public record Duplicate(String id, String position) {

        String message(String repeated) {
            String where = position != null ? " (" + position + ")" : "";
            if (id.equals(repeated)) {
                return "the id '" + repeated + "' is taken by an earlier row" + where + "; ids must be unique";
            }
            return "the id '" + repeated + "' differs only in case from the id '" + id + "' of an earlier row" + where
                    + "; their files would be one on systems that ignore case (macOS, Windows), so ids must differ"
                    + " in more than case";
        }
    }

    private static String invalidId(String id) {
        if (id.length() > MAX_ID_LENGTH) {
            return "the id is " + id.length() + " characters long; at most " + MAX_ID_LENGTH + " are allowed";
        }
        if (id.startsWith(".")) {
            return "the id '" + id + "' starts with '.'; ids name files, which would be hidden";
        }
        return "the id '" + id + "' may hold only letters A-Z and a-z, digits, '.', '_' and '-'";
    }

    private static Long seed(RawRow row) {
        String seed = value(row, Columns.SEED);
        if (seed == null) {
            return null;
        }
        try {
            return Long.parseLong(seed);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("the seed '" + abbreviate(seed) + "' is not a whole number from "
                    + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        }
    }

    private static float number(String temperature) {
        if (NUMBER.matcher(temperature).matches()) {
            return Float.parseFloat(temperature);
        }
        throw new InvalidInputException("the temperature '" + abbreviate(temperature) + "' is not a number; give one"
                + " from 0 to " + BigDecimal.valueOf(GenerationOptions.TEMPERATURE_LIMIT).stripTrailingZeros()
                .toPlainString());
    }

    private void checkLanguage(String language) {
        if (language == null) {
            return;
        }
        String asked = Languages.canonical(language);
        if (asked == null) {
            throw new InvalidInputException("the language '" + abbreviate(language) + "' is not one Pocket TTS speaks;"
                    + " the languages are " + Languages.list());
        }
        String loaded = defaults.modelLanguage();
        if (loaded != null && !loaded.equals(asked)) {
            throw new InvalidInputException("the row asks for " + asked + ", but the loaded model speaks " + loaded
                    + "; give " + asked + " rows to a run with a model of that language");
        }
    }

    /** The value of {@code column} without surrounding blanks, or null when missing or blank. */
    private static String value(RawRow row, String column) {
        String v = row.get(column);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
