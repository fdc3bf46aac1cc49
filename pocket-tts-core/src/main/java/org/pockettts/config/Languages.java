package org.pockettts.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.ModelFormatException;

/**
 * The built-in configurations of pocket-tts 3.3, chosen by language name ({@code --language}), in
 * one table: where each model's weights, tokenizer and voices are on the Hugging Face Hub, pinned
 * to revisions, and its text options. Every model shares one architecture (the template
 * {@code language-pack.yaml}): FlowLM 1024 wide with 16 heads and 6 or 24 layers, a 4000-piece
 * text table, Mimi with a 32-channel inner dimension — except {@code english_2026-01}, which is
 * b6369a24 (no learned token before the voice, Mimi's inner dimension 512).
 *
 * <p>Revisions are those of {@code MODEL-PACKS.md}: the 3.3 configurations of kyutai-labs/pocket-tts
 * (3.3.0 = 41cbc84af539ea78a804ffca5f9c6edc1a22ce44), except {@code english_2026-04} and
 * {@code english_2026-04_24l}, whose files are pinned as in the 2.1.0 source (tag v2.1.0,
 * {@code pocket_tts/config/english_2026-04*.yaml}: SentencePiece tokenizers and weights without
 * voice cloning at d29db797, weights with voice cloning at 19f95fe2 and 39592ff2). The revisions of
 * the 3.3 configurations other than {@code english*}, {@code german*} and {@code english_2026-01}
 * come from third-party copies of those files; a test can only check that they resolve against a
 * local Hub.
 */
public final class Languages {

    private static final String GATED = "hf://kyutai/pocket-tts/";
    private static final String OPEN = "hf://kyutai/pocket-tts-without-voice-cloning/";

    private static final String EN_2026_09_P = "983151f13aaeab1b13c1e5e3c2c383d49a9edf3f";
    private static final String EN_2026_09_U = "e7205b6ee50e654a5ea19f0e9df2b0813b05e921";
    private static final String DRIFTING_P = "75cfe24e3142233bb81887fed3482e9652bb4a6e";
    private static final String DRIFTING_U = "a5ce31f3eba7a3b0cb9c24ba2015b098f278eaae";
    private static final String V2_1_U = "d29db7978e464fb90cb3359ee0c69a273b9142cc";
    private static final String EN_2026_04_P = "19f95fe2df36e79fbd9f10008595cc4c977a0fcc";
    private static final String V2_1_P = "39592ff23c9ef80098bb74895d104c26275fe2c9";
    private static final String LANG_P = "3e82814a68665eec246ff649b14c71331f955c06";
    private static final String LANG_U = "1e08e6a23401048648a9fdcfde2f89348215c2a7";
    private static final String LANG_24L_P = "2dd944b099d06bb9edbd221fef138685711d9bf0";
    private static final String LANG_24L_U = "4e1e0a3e611c51c0b4ed8174fc10f32a54644303";
    private static final String EN_TOKENIZER = "00eac05ed3d16bdc3f6b5d598874019c34a89214";
    private static final String LANG_TOKENIZER = "4e1e0a3e611c51c0b4ed8174fc10f32a54644303";
    private static final String FRENCH_TOKENIZER = "8843db76457a91db32077edf8dfcd1c0e3e755fd";

    /** The 27 voices every language pack publishes, as model states. */
    private static final List<String> PACK_VOICES = List.of("alba", "anna", "azelma", "bill_boerst", "caro_davy",
            "charles", "cosette", "daan", "eponine", "estelle", "eve", "fantine", "george", "giovanni", "jane",
            "javert", "jean", "juergen", "lola", "marius", "mary", "michael", "paul", "peter_yearsley", "rafael",
            "stuart_bell", "vera");
    private static final String PACK_VOICES_REVISION = "1e08e6a23401048648a9fdcfde2f89348215c2a7";

    /** The catalogue of b6369a24 (variant and english_2026-01): 8 voices in the 1.0.1 format. */
    static final Catalog VARIANT_CATALOG = new Catalog(Compat.V1_0, Locale.ENGLISH,
            List.of("alba", "marius", "javert", "jean", "fantine", "cosette", "eponine", "azelma"), "alba",
            OPEN + "embeddings/{name}.safetensors@d4fdd22ae8c8e1cb3634e150ebeff1dab2d16df3");

    /** The map of every non-English 3.3 language: {@code " “ ” „ « » ( ) [ ]} deleted, {@code ’ ‘} to {@code '}. */
    private static final Map<String, String> MAP_R = map("\"", "", "\u201c", "", "\u201d", "", "\u201e", "",
            "\u00ab", "", "\u00bb", "", "\u2019", "'", "\u2018", "'", "(", "", ")", "", "[", "", "]", "");

    /** The per-language choices made by the first key contained in a configuration's name. */
    private static final Map<String, String> DEFAULT_VOICES = ordered("italian", "giovanni", "spanish", "lola",
            "german", "juergen", "portuguese", "rafael", "french", "estelle", "dutch", "daan");
    private static final Map<String, String> DEFAULT_TEXTS = ordered(
            "english", "Hello world. I am Kyutai's Pocket TTS. I'm fast enough to run on small CPUs."
                    + " I hope you'll like me.",
            "french", "Bonjour le monde. Je suis le TTS de poche de Kyutai. Je suis assez rapide pour fonctionner"
                    + " sur de petits CPU. J'espère que vous m'aimerez.",
            "german", "Hallo Welt. Ich bin Pocket TTS von Kyutai. Ich bin schnell genug, um auch auf kleinen CPUs"
                    + " zu laufen. Ich hoffe, ich gefalle dir.",
            "portuguese", "Olá mundo. Eu sou o Pocket TTS da Kyutai. Sou rápido o suficiente para rodar em CPUs"
                    + " pequenas. Espero que você goste de mim.",
            "italian", "Ciao mondo. Sono il Pocket TTS di Kyutai. Sono abbastanza veloce da funzionare su piccole"
                    + " CPU. Spero che ti piacerò.",
            "spanish", "Hola mundo. Soy el Pocket TTS de Kyutai. Soy lo suficientemente rápido para funcionar en"
                    + " pequeñas CPU. Espero que te guste.");
    /** The language of each family of names, for reading numbers aloud. */
    private static final Map<String, Locale> LOCALES = ordered("german", Locale.GERMAN, "french", Locale.FRENCH,
            "italian", Locale.ITALIAN, "spanish", Locale.of("es"), "portuguese", Locale.of("pt"), "dutch",
            Locale.of("nl"));

    /**
     * One built-in configuration.
     *
     * @param name the language name, as {@code --language} takes it
     * @param folder the folder of its files in the Hub repositories ({@code languages/<folder>/})
     * @param weights the weights with voice cloning (gated)
     * @param weightsWithoutVoiceCloning the open weights
     * @param tokenizer its tokenizer file
     * @param layers FlowLM transformer layers
     * @param options the text options and their like (root keys of the YAML)
     * @param flowType the sampler
     * @param b6369a24 whether this is the b6369a24 architecture and catalogue
     */
    private record Entry(String name, String folder, String weights, String weightsWithoutVoiceCloning,
                         String tokenizer, int layers, Map<String, Object> options, SamplerType flowType,
                         boolean b6369a24) {
    }

    private static final List<Entry> TABLE = table();

    private Languages() {
    }

    private static List<Entry> table() {
        List<Entry> t = new ArrayList<>();
        // English: 2026-09 ("english" is the same weights), the drifting sampler, 2026-04 (2.1.0 pins), 2026-01.
        t.add(pack("english", "english", EN_2026_09_P, EN_2026_09_U, json("english", EN_TOKENIZER), 6, Map.of()));
        t.add(pack("english_2026-09", "english_2026-09", EN_2026_09_P, EN_2026_09_U,
                json("english_2026-09", EN_TOKENIZER), 6, Map.of()));
        t.add(pack("english_2026-09_24l", "english_2026-09_24l", EN_2026_09_P, EN_2026_09_U,
                json("english_2026-09_24l", EN_TOKENIZER), 24, Map.of()));
        // Upstream's file is english_drifting_26_09.yaml and its Hub folder is spelled with underscores.
        t.add(new Entry("english_drifting_26-09", "english_drifting_26_09",
                weights(GATED, "english_drifting_26_09", DRIFTING_P), weights(OPEN, "english_drifting_26_09", DRIFTING_U),
                json("english_2026-09", EN_TOKENIZER), 6, Map.of(), SamplerType.DRIFTING, false));
        t.add(pack("english_2026-04", "english_2026-04", EN_2026_04_P, V2_1_U,
                OPEN + "languages/english_2026-04/tokenizer.model@" + V2_1_U, 6, Map.of()));
        t.add(pack("english_2026-04_24l", "english_2026-04_24l", V2_1_P, V2_1_U,
                OPEN + "languages/english_2026-04_24l/tokenizer.model@" + V2_1_U, 24, Map.of()));
        t.add(new Entry("english_2026-01", "english_2026-01", weights(GATED, "english_2026-01", V2_1_P),
                weights(OPEN, "english_2026-01", V2_1_U), OPEN + "tokenizer.json@" + EN_TOKENIZER, 6,
                Map.of("pad_with_spaces_for_short_inputs", true), SamplerType.LSD, true));
        Map<String, Object> german = Map.of("remove_semicolons", true, "replace_characters", MAP_R);
        Map<String, Object> romance = Map.of("replace_characters", MAP_R);
        Map<String, String> spanishMap = new LinkedHashMap<>(MAP_R);
        spanishMap.put("\u00a1", "");
        spanishMap.put("\u00bf", "");
        Map<String, String> frenchMap = new LinkedHashMap<>(MAP_R);
        frenchMap.put(":", ",");
        Map<String, Object> spanish = Map.of("replace_characters", spanishMap);
        Map<String, Object> french = Map.of("remove_semicolons", true, "replace_characters", frenchMap);
        t.add(pack("german", "german", LANG_P, LANG_U, json("german", LANG_TOKENIZER), 6, german));
        t.add(pack("german_24l", "german_24l", LANG_24L_P, LANG_24L_U, json("german_24l", LANG_TOKENIZER), 24, german));
        for (String lang : List.of("italian", "spanish", "portuguese", "french", "dutch")) {
            Map<String, Object> options = switch (lang) {
                case "spanish" -> spanish;
                case "french" -> french;
                default -> romance;
            };
            String tokenizer = lang.equals("french") ? FRENCH_TOKENIZER : LANG_TOKENIZER;
            t.add(pack(lang, lang, LANG_P, LANG_U, json(lang, tokenizer), 6, options));
            t.add(pack(lang + "_24l", lang + "_24l", LANG_24L_P, LANG_24L_U, json(lang + "_24l", LANG_TOKENIZER), 24,
                    options));
        }
        return List.copyOf(t);
    }

    private static Entry pack(String name, String folder, String gatedRevision, String openRevision, String tokenizer,
                              int layers, Map<String, Object> options) {
        return new Entry(name, folder, weights(GATED, folder, gatedRevision), weights(OPEN, folder, openRevision),
                tokenizer, layers, options, SamplerType.LSD, false);
    }

    private static String weights(String repository, String folder, String revision) {
        return repository + "languages/" + folder + "/model.safetensors@" + revision;
    }

    private static String json(String folder, String revision) {
        return OPEN + "languages/" + folder + "/tokenizer.json@" + revision;
    }

    /** The catalogue of the built-in variant b6369a24: its 8 voices in the 1.0.1 format, behaviour 1.0. */
    public static Catalog variantCatalog() {
        return VARIANT_CATALOG;
    }

    /** The language names, in the table's order. */
    public static List<String> names() {
        return TABLE.stream().map(Entry::name).toList();
    }

    /**
     * The built-in configuration of {@code name}.
     *
     * @throws InvalidInputException for an unknown name; the message lists the names
     */
    public static ModelConfig config(String name) {
        return config(name, template());
    }

    /**
     * The configuration of {@code name} on another architecture: {@code template} is a YAML text with
     * the placeholders of {@code language-pack.yaml}. For tests that serve small models under the
     * real Hub locations.
     */
    static ModelConfig config(String name, String template) {
        Entry e = entry(name);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("weights_path", e.weights());
        values.put("weights_path_without_voice_cloning", e.weightsWithoutVoiceCloning());
        values.put("options", options(e.options()));
        values.put("insert_bos_before_voice", Boolean.toString(!e.b6369a24()));
        values.put("flow_type", e.flowType().key());
        values.put("num_layers", Integer.toString(e.layers()));
        values.put("tokenizer", e.tokenizer().endsWith(".model") || e.tokenizer().contains(".model@")
                ? "sentencepiece" : "tokenizers");
        values.put("tokenizer_path", e.tokenizer());
        values.put("inner_dim", e.b6369a24() ? "512" : "32");
        String yaml = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            yaml = yaml.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        return ModelConfig.parse(yaml, "built-in language " + name, null).withCatalog(catalog(e));
    }

    private static Catalog catalog(Entry e) {
        if (e.b6369a24()) {
            return VARIANT_CATALOG.withCompat(Compat.V3_3);
        }
        String voice = firstContained(e.name(), DEFAULT_VOICES, "alba");
        Locale locale = firstContained(e.name(), LOCALES, Locale.ENGLISH);
        return new Catalog(Compat.V3_3, locale, PACK_VOICES, voice,
                OPEN + "languages/" + e.folder() + "/embeddings/{name}.safetensors@" + PACK_VOICES_REVISION);
    }

    /**
     * The default text of {@code generate} for a model: that of the first language whose name the
     * configuration's name contains (english, french, german, portuguese, italian, spanish), else
     * English.
     */
    public static String defaultText(String name) {
        return firstContained(name == null ? "" : name, DEFAULT_TEXTS, DEFAULT_TEXTS.get("english"));
    }

    private static <T> T firstContained(String name, Map<String, T> byKey, T otherwise) {
        for (Map.Entry<String, T> e : byKey.entrySet()) {
            if (name.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return otherwise;
    }

    private static Entry entry(String name) {
        for (Entry e : TABLE) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new InvalidInputException("Unknown language '" + name + "'. Available: " + String.join(", ", names()));
    }

    /** The root keys of an entry as YAML lines; strings in JSON quotes, which YAML reads alike. */
    private static String options(Map<String, Object> options) {
        StringBuilder out = new StringBuilder();
        options.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(o -> {
            out.append(o.getKey()).append(": ");
            if (o.getValue() instanceof Map<?, ?> map) {
                StringBuilder items = new StringBuilder();
                map.forEach((k, v) -> items.append(items.isEmpty() ? "" : ", ").append(quote(k.toString()))
                        .append(": ").append(quote(v.toString())));
                out.append('{').append(items).append('}');
            } else {
                out.append(o.getValue());
            }
            out.append('\n');
        });
        return out.toString();
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                q.append('\\').appendCodePoint(c);
            } else if (c > 0x7e) {
                q.append(String.format("\\u%04x", c));
            } else {
                q.appendCodePoint(c);
            }
        });
        return q.append('"').toString();
    }

    private static String template() {
        try (InputStream in = Languages.class.getResourceAsStream("language-pack.yaml")) {
            if (in == null) {
                throw new ModelFormatException("The built-in template language-pack.yaml is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read the built-in template language-pack.yaml", e);
        }
    }

    private static Map<String, String> map(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> ordered(Object... pairs) {
        Map<String, T> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (T) pairs[i + 1]);
        }
        return m;
    }
}
