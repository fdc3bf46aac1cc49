package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.VoiceExistsException;
import org.pockettts.testing.Fixtures;

/** The folder of saved voices: names, whole files, no overwriting, nothing outside the folder. */
class SavedVoicesTest {

    private static TtsModel model;
    private static Voice voice;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        model = Fixtures.tinyModel();
        voice = Fixtures.tinyVoice();
    }

    @Test
    void aSavedVoiceIsListedAndLoadsBackAsTheSameVoice() throws IOException {
        SavedVoices voices = new SavedVoices(dir.resolve("not/yet/there"));
        assertThat(voices.names()).isEmpty();
        voices.save("mine", voice);
        voices.save("Other_2-b", voice);
        assertThat(voices.names()).containsExactly("Other_2-b", "mine");
        Path file = voices.file("mine").orElseThrow();
        assertThat(file.getParent()).isEqualTo(dir.resolve("not/yet/there").toAbsolutePath());
        Voice loaded = model.voice(file);
        assertThat(loaded.conditioning()).isEqualTo(voice.conditioning());
        assertThat(voices.file("absent")).isEmpty();
        // The folder holds the two voices and nothing else: no temporary file is left.
        try (Stream<Path> files = Files.list(voices.folder())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("mine.safetensors", "Other_2-b.safetensors");
        }
    }

    @Test
    void namesOutsideTheRuleAreRefusedAndNothingIsWritten() throws IOException {
        Path folder = dir.resolve("voices");
        SavedVoices voices = new SavedVoices(folder);
        String[] bad = {"", "../x", "..", ".", "/tmp/abs", "a/b", "a\\b", "a.b", "a b", "ä", "x".repeat(65), "mine\n",
                "nul\0"};
        for (String name : bad) {
            assertThat(SavedVoices.isValidName(name)).as(name).isFalse();
            assertThatThrownBy(() -> voices.save(name, voice)).as(name).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("1 to 64");
            assertThat(voices.file(name)).as(name).isEmpty();
            assertThat(voices.delete(name)).as(name).isFalse();
        }
        assertThat(SavedVoices.isValidName("x".repeat(64))).isTrue();
        assertThat(SavedVoices.isValidName(null)).isFalse();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> !p.equals(dir))).as("nothing written at all").isEmpty();
        }
    }

    @Test
    void anExistingNameIsNeverOverwritten() throws IOException {
        SavedVoices voices = new SavedVoices(dir);
        voices.save("mine", voice);
        byte[] before = Files.readAllBytes(voices.file("mine").orElseThrow());
        Voice other = model.voiceFromEmbedding(new float[voice.dim() * 3], 3, "zeros");
        assertThatThrownBy(() -> voices.save("mine", other)).isInstanceOf(VoiceExistsException.class)
                .hasMessageContaining("mine").satisfies(e -> assertThat(((VoiceExistsException) e).name()).isEqualTo("mine"));
        assertThat(Files.readAllBytes(voices.file("mine").orElseThrow())).isEqualTo(before);
        assertThat(voices.names()).containsExactly("mine");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void ofConcurrentSavesOfOneNameExactlyOneWins() throws Exception {
        SavedVoices voices = new SavedVoices(dir);
        int n = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> saves = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                saves.add(pool.submit(() -> {
                    go.await();
                    try {
                        voices.save("race", voice);
                        return true;
                    } catch (VoiceExistsException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> save : saves) {
                won += save.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        }
        assertThat(model.voice(voices.file("race").orElseThrow()).conditioning()).isEqualTo(voice.conditioning());
    }

    @Test
    void deleteRemovesOnlyASavedVoice() throws IOException {
        SavedVoices voices = new SavedVoices(dir);
        voices.save("mine", voice);
        assertThat(voices.delete("mine")).isTrue();
        assertThat(voices.delete("mine")).isFalse();
        assertThat(voices.names()).isEmpty();
        assertThat(voices.file("mine")).isEmpty();
    }

    @Test
    void foreignAndPartialFilesAndLinksAreIgnoredAndNeverWrittenThrough() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("voices"));
        Path outside = Files.writeString(dir.resolve("outside.safetensors"), "not yours");
        Files.createSymbolicLink(folder.resolve("link.safetensors"), outside);
        Files.writeString(folder.resolve(".mine.safetensors.0123456789abcdef.part"), "half");
        Files.writeString(folder.resolve("notes.txt"), "text");
        Files.writeString(folder.resolve("bad name.safetensors"), "x");
        Files.createDirectory(folder.resolve("dir.safetensors"));
        SavedVoices voices = new SavedVoices(folder);

        assertThat(voices.names()).isEmpty();
        assertThat(voices.file("link")).isEmpty();
        assertThat(voices.file("dir")).isEmpty();
        assertThatThrownBy(() -> voices.save("link", voice)).isInstanceOf(VoiceExistsException.class);
        assertThatThrownBy(() -> voices.save("dir", voice)).isInstanceOf(VoiceExistsException.class);
        assertThat(voices.delete("link")).isFalse();
        assertThat(voices.delete("dir")).isFalse();
        assertThat(Files.readString(outside)).isEqualTo("not yours");
        assertThat(Files.isSymbolicLink(folder.resolve("link.safetensors"))).isTrue();

        voices.save("mine", voice);
        assertThat(voices.names()).containsExactly("mine");
    }

    @Test
    void theDefaultFolderFollowsXdg() {
        String dataHome = System.getenv("XDG_DATA_HOME");
        Path expected = dataHome != null && dataHome.startsWith("/")
                ? Path.of(dataHome, "pocket-tts", "voices")
                : Path.of(System.getProperty("user.home"), ".local/share/pocket-tts/voices");
        assertThat(SavedVoices.defaultFolder()).isEqualTo(expected);
    }
}
