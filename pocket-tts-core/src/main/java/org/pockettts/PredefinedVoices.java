package org.pockettts;

import java.util.List;
import org.pockettts.config.Catalog;
import org.pockettts.config.Languages;

/**
 * The voices published with the built-in variant b6369a24 (and {@code english_2026-01}) as
 * ready-made voice embeddings on the Hugging Face Hub; the voices of configuration files without a
 * catalogue of their own. Other models have theirs: {@link TtsModel#voiceNames()}.
 */
public final class PredefinedVoices {

    private static final Catalog VARIANT = Languages.variantCatalog();

    /** The names, in the reference's order; {@code alba} is the default voice. */
    public static final List<String> NAMES = VARIANT.voices();

    /** The voice used when none is given. */
    public static final String DEFAULT = "alba";

    private PredefinedVoices() {
    }

    public static boolean isPredefined(String name) {
        return VARIANT.isPredefined(name);
    }

    /** Where the embedding of {@code name} is published, pinned to a revision. */
    public static String location(String name) {
        return VARIANT.location(name);
    }
}
