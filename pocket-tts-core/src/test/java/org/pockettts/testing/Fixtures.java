package org.pockettts.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.config.Compat;
import org.pockettts.config.ModelConfig;
import org.pockettts.safetensors.SafeTensors;

/**
 * Access to the test fixtures: the tiny models with the references' golden outputs (our own, in the
 * test resources: {@code tiny} for pocket-tts 1.0.1, {@code tiny-v2} for 2.1.0, {@code tiny-v3} for
 * 3.3) and the shared conformance data of other projects, which is read from
 * {@code ../shared/fixtures} when present and never copied into the project.
 */
public final class Fixtures {

    /** The fixtures in the test resources, one folder each. */
    private static final String TINY = "tiny";
    private static final String TINY_V2 = "tiny-v2";
    private static final String TINY_V3 = "tiny-v3";

    private static final Map<String, Path> FOLDERS = new HashMap<>();
    private static final Map<String, JsonNode> GOLDEN = new HashMap<>();
    private static final Map<String, SafeTensors> GOLDEN_TENSORS = new HashMap<>();
    private static TtsModel tinyModel;
    private static Voice tinyVoice;

    private Fixtures() {
    }

    /**
     * The folder holding the tiny model fixture (pocket-tts 1.0.1, variant b6369a24). When the
     * fixtures come from a jar (other modules' tests use this module's test jar), they are copied
     * once into a temporary folder.
     */
    public static Path tiny() {
        return folder(TINY);
    }

    public static Path tiny(String file) {
        return tiny().resolve(file);
    }

    /** The folder of the pocket-tts 2.1.0 model-pack fixture ({@code tiny-v2}). */
    public static Path tinyV2() {
        return folder(TINY_V2);
    }

    public static Path tinyV2(String file) {
        return tinyV2().resolve(file);
    }

    /** The folder of the pocket-tts 3.3 fixture ({@code tiny-v3}). */
    public static Path tinyV3() {
        return folder(TINY_V3);
    }

    public static Path tinyV3(String file) {
        return tinyV3().resolve(file);
    }

    /** {@code golden.json} of the tiny fixture. */
    public static JsonNode golden() {
        return golden(TINY);
    }

    /** {@code golden.json} of the pocket-tts 2.1.0 fixture. */
    public static JsonNode goldenV2() {
        return golden(TINY_V2);
    }

    /** {@code golden.json} of the pocket-tts 3.3 fixture. */
    public static JsonNode goldenV3() {
        return golden(TINY_V3);
    }

    /** {@code golden.safetensors} of the tiny fixture, mapped once for all tests. */
    public static SafeTensors goldenTensors() {
        return goldenTensors(TINY);
    }

    /** {@code golden.safetensors} of the pocket-tts 2.1.0 fixture. */
    public static SafeTensors goldenTensorsV2() {
        return goldenTensors(TINY_V2);
    }

    /** {@code golden.safetensors} of the pocket-tts 3.3 fixture. */
    public static SafeTensors goldenTensorsV3() {
        return goldenTensors(TINY_V3);
    }

    private static synchronized SafeTensors goldenTensors(String name) {
        return GOLDEN_TENSORS.computeIfAbsent(name, n -> SafeTensors.open(folder(n).resolve("golden.safetensors")));
    }

    private static synchronized Path folder(String name) {
        Path folder = FOLDERS.get(name);
        if (folder == null) {
            // Every fixture folder holds a golden.json, which locates the folder on the class path.
            String marker = "/" + name + "/golden.json";
            URL url = Fixtures.class.getResource(marker);
            if (url == null) {
                throw new IllegalStateException("test resource " + marker + " not found");
            }
            try {
                URI uri = url.toURI();
                folder = uri.getScheme().equals("jar") ? extract(name, uri) : Path.of(uri).getParent();
            } catch (URISyntaxException | IOException e) {
                throw new IllegalStateException("cannot read the " + name + " fixture: " + e, e);
            }
            FOLDERS.put(name, folder);
        }
        return folder;
    }

    private static Path extract(String name, URI fileInJar) throws IOException {
        Path target = Files.createTempDirectory("pocket-tts-" + name);
        try (FileSystem jar = FileSystems.newFileSystem(fileInJar, Map.of())) {
            Path folder = jar.provider().getPath(fileInJar).getParent();
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName().toString()));
                }
            }
        }
        target.toFile().deleteOnExit();
        return target;
    }

    /**
     * The tiny model under the behaviour of its goldens (pocket-tts 1.0.1), loaded once for every test
     * of this JVM (it keeps no file open, so it is never closed).
     */
    public static synchronized TtsModel tinyModel() {
        if (tinyModel == null) {
            tinyModel = TtsModel.builder(ModelConfig.load(tiny("tiny.yaml"))).compat(Compat.V1_0).load();
        }
        return tinyModel;
    }

    /** The tiny model's voice cloned from {@code voice.wav}, prompted once. */
    public static synchronized Voice tinyVoice() {
        if (tinyVoice == null) {
            tinyVoice = tinyModel().voice(tiny("voice.wav"));
        }
        return tinyVoice;
    }

    private static synchronized JsonNode golden(String name) {
        JsonNode golden = GOLDEN.get(name);
        if (golden == null) {
            try {
                golden = new ObjectMapper().readTree(folder(name).resolve("golden.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            GOLDEN.put(name, golden);
        }
        return golden;
    }

    /**
     * A file of the shared conformance data ({@code ../shared/fixtures/<relative>}); the calling test
     * is skipped, with the reason shown, when it is not there.
     */
    public static Path shared(String relative) {
        Path root = sharedRoot();
        Path file = root == null ? null : root.resolve(relative);
        assumeTrue(file != null && Files.exists(file),
                "skipped: shared fixture ../shared/fixtures/" + relative + " is not present on this machine");
        return file;
    }

    private static Path sharedRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++) {
            Path candidate = dir.resolveSibling("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }
}
