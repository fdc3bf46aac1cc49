package org.pockettts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pockettts.api.InvalidInputException;
import org.pockettts.hub.HubLocation;

/** The built-in configurations of 3.3 as MODEL-PACKS.md lists them. */
class LanguagesTest {

    private static final String P = "hf://kyutai/pocket-tts/languages/";
    private static final String U = "hf://kyutai/pocket-tts-without-voice-cloning/languages/";
    private static final Map<String, String> MAP_R = Map.ofEntries(Map.entry("\"", ""), Map.entry("\u201c", ""),
            Map.entry("\u201d", ""), Map.entry("\u201e", ""), Map.entry("\u00ab", ""), Map.entry("\u00bb", ""),
            Map.entry("(", ""), Map.entry(")", ""), Map.entry("[", ""), Map.entry("]", ""), Map.entry("\u2019", "'"),
            Map.entry("\u2018", "'"));

    @Test
    void everyNameOfTheTableIsThere() {
        assertThat(Languages.names()).containsExactlyInAnyOrder("english", "english_2026-09", "english_2026-09_24l",
                "english_drifting_26-09", "english_2026-04", "english_2026-04_24l", "english_2026-01", "german",
                "german_24l", "italian", "italian_24l", "spanish", "spanish_24l", "portuguese", "portuguese_24l",
                "french", "french_24l", "dutch", "dutch_24l");
    }

    @Test
    void everyConfigurationHasTheSharedArchitectureAndPinnedFiles() {
        for (String name : Languages.names()) {
            ModelConfig c = Languages.config(name);
            assertThat(c.flowLm().transformer().dModel()).as(name).isEqualTo(1024);
            assertThat(c.flowLm().transformer().numHeads()).as(name).isEqualTo(16);
            assertThat(c.flowLm().transformer().numLayers()).as(name).isEqualTo(name.endsWith("_24l") ? 24 : 6);
            assertThat(c.flowLm().lookupTable().nBins()).as(name).isEqualTo(4000);
            assertThat(c.mimi().seanet().dimension()).as(name).isEqualTo(512);
            assertThat(c.mimiOuterDim()).as(name).isEqualTo(512);
            boolean b6369a24 = name.equals("english_2026-01");
            assertThat(c.flowLm().insertBosBeforeVoice()).as(name).isEqualTo(!b6369a24);
            assertThat(c.mimiInnerDim()).as(name).isEqualTo(b6369a24 ? 512 : 32);
            assertThat(c.catalog().compat()).as(name).isEqualTo(Compat.V3_3);
            for (String location : List.of(c.weightsPath(), c.weightsPathWithoutVoiceCloning(),
                    c.flowLm().lookupTable().tokenizerPath())) {
                assertThat(HubLocation.parse(location).isCommitHash()).as(name + " " + location).isTrue();
            }
            assertThat(c.weightsPath()).startsWith(P);
            assertThat(c.weightsPathWithoutVoiceCloning()).startsWith(U);
            assertThat(c.options().defaultTemperature()).isEqualTo(0.3);
        }
    }

    @Test
    void theRevisionsAndOptionsOfEachFamily() {
        ModelConfig english = Languages.config("english");
        assertThat(english.weightsPath()).isEqualTo(P + "english/model.safetensors@983151f13aaeab1b13c1e5e3c2c383d49a9edf3f");
        assertThat(english.weightsPathWithoutVoiceCloning())
                .isEqualTo(U + "english/model.safetensors@e7205b6ee50e654a5ea19f0e9df2b0813b05e921");
        assertThat(english.flowLm().lookupTable().tokenizerPath())
                .isEqualTo(U + "english/tokenizer.json@00eac05ed3d16bdc3f6b5d598874019c34a89214");
        assertThat(english.flowLm().lookupTable().tokenizer()).isEqualTo("tokenizers");
        assertThat(english.options().text()).isEqualTo(TextOptions.DEFAULTS);

        ModelConfig drifting = Languages.config("english_drifting_26-09");
        assertThat(drifting.flowLm().flow().type()).isEqualTo(SamplerType.DRIFTING);
        assertThat(drifting.weightsPath()).contains("@75cfe24e3142233bb81887fed3482e9652bb4a6e");
        assertThat(drifting.flowLm().lookupTable().tokenizerPath()).contains("/english_2026-09/tokenizer.json@00eac05e");

        ModelConfig april = Languages.config("english_2026-04");
        assertThat(april.flowLm().lookupTable().tokenizer()).isEqualTo("sentencepiece");
        assertThat(april.flowLm().lookupTable().tokenizerPath())
                .isEqualTo(U + "english_2026-04/tokenizer.model@d29db7978e464fb90cb3359ee0c69a273b9142cc");
        assertThat(april.weightsPath()).endsWith("@19f95fe2df36e79fbd9f10008595cc4c977a0fcc");
        assertThat(Languages.config("english_2026-04_24l").weightsPath()).endsWith("@39592ff23c9ef80098bb74895d104c26275fe2c9");

        ModelConfig january = Languages.config("english_2026-01");
        assertThat(january.options().text().padWithSpacesForShortInputs()).isTrue();
        assertThat(january.flowLm().lookupTable().tokenizerPath())
                .isEqualTo("hf://kyutai/pocket-tts-without-voice-cloning/tokenizer.json@00eac05ed3d16bdc3f6b5d598874019c34a89214");
        assertThat(january.catalog().voices()).hasSize(8);

        ModelConfig german = Languages.config("german");
        assertThat(german.options().text().removeSemicolons()).isTrue();
        assertThat(german.options().text().replaceCharacters()).isEqualTo(MAP_R);
        assertThat(german.weightsPath()).endsWith("@3e82814a68665eec246ff649b14c71331f955c06");
        assertThat(german.flowLm().lookupTable().tokenizerPath()).endsWith("/german/tokenizer.json@4e1e0a3e611c51c0b4ed8174fc10f32a54644303");
        assertThat(Languages.config("german_24l").weightsPath()).endsWith("@2dd944b099d06bb9edbd221fef138685711d9bf0");

        assertThat(Languages.config("italian").options().text().removeSemicolons()).isFalse();
        assertThat(Languages.config("dutch").options().text().replaceCharacters()).isEqualTo(MAP_R);
        assertThat(Languages.config("spanish").options().text().replaceCharacters()).containsAllEntriesOf(MAP_R)
                .containsEntry("\u00a1", "").containsEntry("\u00bf", "").hasSize(14);
        ModelConfig french = Languages.config("french");
        assertThat(french.options().text().removeSemicolons()).isTrue();
        assertThat(french.options().text().replaceCharacters()).containsEntry(":", ",").hasSize(13);
        assertThat(french.flowLm().lookupTable().tokenizerPath()).endsWith("@8843db76457a91db32077edf8dfcd1c0e3e755fd");
        assertThat(Languages.config("french_24l").flowLm().lookupTable().tokenizerPath())
                .endsWith("/french_24l/tokenizer.json@4e1e0a3e611c51c0b4ed8174fc10f32a54644303");
    }

    @Test
    void twentySevenVoicesPerPackAndADefaultVoicePerLanguage() {
        Catalog german = Languages.config("german").catalog();
        assertThat(german.voices()).hasSize(27).contains("alba", "daan", "juergen", "stuart_bell", "vera");
        assertThat(german.location("juergen")).isEqualTo(U + "german/embeddings/juergen.safetensors@1e08e6a23401048648a9fdcfde2f89348215c2a7");
        assertThat(german.defaultVoice()).isEqualTo("juergen");
        assertThat(Languages.config("italian_24l").catalog().defaultVoice()).isEqualTo("giovanni");
        assertThat(Languages.config("spanish").catalog().defaultVoice()).isEqualTo("lola");
        assertThat(Languages.config("portuguese").catalog().defaultVoice()).isEqualTo("rafael");
        assertThat(Languages.config("french_24l").catalog().defaultVoice()).isEqualTo("estelle");
        assertThat(Languages.config("dutch").catalog().defaultVoice()).isEqualTo("daan");
        assertThat(Languages.config("english").catalog().defaultVoice()).isEqualTo("alba");
        assertThat(Languages.config("english_2026-01").catalog().location("marius")).isEqualTo(
                "hf://kyutai/pocket-tts-without-voice-cloning/embeddings/marius.safetensors@d4fdd22ae8c8e1cb3634e150ebeff1dab2d16df3");
        assertThat(Languages.config("german").catalog().language()).isEqualTo(Locale.GERMAN);
        assertThat(Languages.config("dutch_24l").catalog().language().getLanguage()).isEqualTo("nl");
    }

    @Test
    void theDefaultTextFollowsTheFirstLanguageInTheName() {
        assertThat(Languages.defaultText("german_24l")).startsWith("Hallo Welt.");
        assertThat(Languages.defaultText("french")).startsWith("Bonjour le monde.");
        assertThat(Languages.defaultText("portuguese")).startsWith("Olá mundo.");
        assertThat(Languages.defaultText("italian")).startsWith("Ciao mondo.");
        assertThat(Languages.defaultText("spanish_24l")).startsWith("Hola mundo.");
        assertThat(Languages.defaultText("dutch")).startsWith("Hello world. I am Kyutai's Pocket TTS.");
        assertThat(Languages.defaultText(null)).startsWith("Hello world.");
    }

    @Test
    void anUnknownLanguageIsRefusedWithTheNames() {
        assertThatThrownBy(() -> Languages.config("klingon")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Unknown language 'klingon'").hasMessageContaining("english_2026-09_24l")
                .hasMessageContaining("dutch_24l");
    }
}
