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
import java.util.Map;
import java.util.stream.Stream;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.safetensors.SafeTensors;

/**
 * Access to the test fixtures: the tiny model with the reference's golden outputs (our own, in the
 * test resources) and the shared conformance data of other projects, which is read from
 * {@code ../shared/fixtures} when present and never copied into the project.
 */
public final class Fixtures {

    private static JsonNode golden;
    private static SafeTensors goldenTensors;
    private static TtsModel tinyModel;
    private static Voice tinyVoice;

    private Fixtures() {
    }

    private static Path tinyFolder;

    /**
     * The folder holding the tiny model fixture. When the fixtures come from a jar (other modules'
     * tests use this module's test jar), they are copied once into a temporary folder.
     */
    public static synchronized Path tiny() {
        if (tinyFolder == null) {
            URL url = Fixtures.class.getResource("/tiny/tiny.yaml");
            if (url == null) {
                throw new IllegalStateException("test resource /tiny/tiny.yaml not found");
            }
            try {
                URI uri = url.toURI();
                if (uri.getScheme().equals("jar")) {
                    tinyFolder = extract(uri);
                } else {
                    tinyFolder = Path.of(uri).getParent();
                }
            } catch (URISyntaxException | IOException e) {
                throw new IllegalStateException("cannot read the tiny fixture: " + e, e);
            }
        }
        return tinyFolder;
    }

    private static Path extract(URI yamlInJar) throws IOException {
        Path target = Files.createTempDirectory("pocket-tts-tiny");
        try (FileSystem jar = FileSystems.newFileSystem(yamlInJar, Map.of())) {
            Path folder = jar.provider().getPath(yamlInJar).getParent();
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName().toString()));
                }
            }
        }
        target.toFile().deleteOnExit();
        return target;
    }

    public static Path tiny(String file) {
        return tiny().resolve(file);
    }

    /** The tiny model, loaded once for every test of this JVM (it keeps no file open, so it is never closed). */
    public static synchronized TtsModel tinyModel() {
        if (tinyModel == null) {
            tinyModel = TtsModel.load(tiny("tiny.yaml"));
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

    /** {@code golden.json} of the tiny fixture. */
    public static synchronized JsonNode golden() {
        if (golden == null) {
            try {
                golden = new ObjectMapper().readTree(tiny("golden.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return golden;
    }

    /** {@code golden.safetensors} of the tiny fixture, mapped once for all tests. */
    public static synchronized SafeTensors goldenTensors() {
        if (goldenTensors == null) {
            goldenTensors = SafeTensors.open(tiny("golden.safetensors"));
        }
        return goldenTensors;
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
