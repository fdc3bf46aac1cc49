package org.pockettts.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pockettts.api.InvalidInputException;

/**
 * Which release of the Python reference's inference a model reproduces: its text rules, GELU form,
 * end-of-speech rule, fade-in, voice prompt trimming, voice file format and default temperature.
 * Any model runs under any of them; each is a named set of switches (listed in the README), so that
 * outputs equal those of that release, number for number.
 *
 * <p>Defaults: {@link #V1_0} for the built-in variant (b6369a24, the 1.0.1 interface) and
 * {@link #V3_3} for the built-in languages and for configuration files (the 2.x and 3.x
 * interfaces; community models are trained with the 3.x code).
 */
public enum Compat {

    /** pocket-tts 1.0.1: the behaviour of {@code MODEL.md}. */
    V1_0("1.0"),

    /** pocket-tts 2.1.0: the 2.x text rules and generation length, model-state voices. */
    V2_1("2.1"),

    /** pocket-tts 3.3.0: tanh GELU, EOS ignored on the first frames, per-chunk fade-in, trimmed prompts, 3.3 text rules. */
    V3_3("3.3");

    private final String label;

    Compat(String label) {
        this.label = label;
    }

    /** The release number as the command line takes it: {@code 1.0}, {@code 2.1} or {@code 3.3}. */
    public String label() {
        return label;
    }

    /** The labels, in release order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Compat::label).toList();
    }

    /**
     * The behaviour named {@code label}.
     *
     * @throws InvalidInputException for any other text; the message lists the labels
     */
    public static Compat parse(String label) {
        String wanted = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
        for (Compat c : values()) {
            if (c.label.equals(wanted) || c.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return c;
            }
        }
        throw new InvalidInputException("Unknown compatibility '" + label + "': use one of "
                + String.join(", ", labels()));
    }

    @Override
    public String toString() {
        return label;
    }
}
