package org.pockettts.batch;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The languages Pocket TTS models speak, by name ({@code english}) or ISO 639-1 code ({@code en});
 * a region ({@code en-GB}) or a model-name suffix ({@code german_24l}) is ignored.
 */
public final class Languages {

    /** Name to code, in the order messages list them. */
    private static final Map<String, String> CODES = new LinkedHashMap<>();

    static {
        CODES.put("english", "en");
        CODES.put("french", "fr");
        CODES.put("german", "de");
        CODES.put("spanish", "es");
        CODES.put("italian", "it");
        CODES.put("portuguese", "pt");
        CODES.put("dutch", "nl");
    }

    private Languages() {
    }

    /** The language's name ({@code english}) for a name or code in any case, or null when it is none of them. */
    public static String canonical(String language) {
        String base = language.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        if (CODES.containsKey(base)) {
            return base;
        }
        for (Map.Entry<String, String> e : CODES.entrySet()) {
            if (e.getValue().equals(base)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The known languages for messages: {@code english (en), french (fr), …}. */
    static String list() {
        return CODES.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }
}
