package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pockettts.TtsModel;
import org.pockettts.batch.RowRules;
import org.pockettts.benchmark.Benchmark;
import org.pockettts.server.TtsServer;
import org.pockettts.testing.PackageDependencies;
import org.pockettts.wyoming.WyomingServer;

/**
 * The command line, the servers, the benchmark and batch synthesis use the engine through the packages its module
 * exports, and no other: they are built on the class path, where nothing would stop them.
 */
class ExportedApiTest {

    @Test
    void theEnginesUsersReachOnlyItsExportedPackages() throws IOException {
        Path engineClasses = PackageDependencies.codeSource(TtsModel.class);
        Set<String> exported = new TreeSet<>();
        read(engineClasses, root -> {
            try (InputStream in = Files.newInputStream(root.resolve("module-info.class"))) {
                ModuleDescriptor.read(in).exports().forEach(e -> exported.add(e.source()));
            }
        });
        Set<String> enginePackages = new TreeSet<>();
        read(engineClasses, root -> {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class"))
                        .forEach(f -> enginePackages.add(root.relativize(f.getParent()).toString().replace('/', '.')));
            }
        });
        assertThat(exported).contains("org.pockettts");
        assertThat(enginePackages).contains("org.pockettts.kernels", "org.pockettts.nn");
        Map<String, Set<String>> edges = PackageDependencies.of(PackageDependencies.codeSource(PocketTts.class),
                PackageDependencies.codeSource(TtsServer.class), PackageDependencies.codeSource(Benchmark.class),
                PackageDependencies.codeSource(RowRules.class), PackageDependencies.codeSource(WyomingServer.class));
        assertThat(edges).containsKeys("org.pockettts.cli", "org.pockettts.server", "org.pockettts.benchmark",
                "org.pockettts.batch", "org.pockettts.wyoming");
        List<String> violations = new ArrayList<>();
        edges.forEach((from, targets) -> {
            if (!enginePackages.contains(from)) {
                for (String to : targets) {
                    if (enginePackages.contains(to) && !exported.contains(to)) {
                        violations.add(from + " -> " + to);
                    }
                }
            }
        });
        assertThat(violations).as("uses of packages the engine does not export").isEmpty();
    }

    private interface Reader {
        void read(Path root) throws IOException;
    }

    /** Reads the engine's classes, from their folder or their jar. */
    private static void read(Path source, Reader reader) throws IOException {
        if (Files.isDirectory(source)) {
            reader.read(source);
            return;
        }
        try (FileSystem jar = FileSystems.newFileSystem(source)) {
            reader.read(jar.getPath("/"));
        }
    }
}
