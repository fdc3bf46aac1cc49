package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.pockettts.testing.PackageDependencies;

/** The engine's packages form no cycle, and its module exports exactly its API. */
class ArchitectureTest {

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Map<String, Set<String>> edges = PackageDependencies.of(PackageDependencies.codeSource(TtsModel.class));
        assertThat(edges).as("jdeps found the engine's packages").containsKeys("org.pockettts", "org.pockettts.nn");
        assertThat(PackageDependencies.cycles(edges)).as("package cycles in %s", edges).isEmpty();
    }

    @Test
    void theCycleCheckFindsACycle() {
        // The check itself, on a graph with one: a -> b -> c -> a, and d outside it.
        Map<String, Set<String>> edges = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of()));
        assertThat(PackageDependencies.cycles(edges)).containsExactly(new TreeSet<>(Set.of("a", "b", "c")));
    }

    @Test
    void theModuleExportsTheApiPackagesOnly() {
        ModuleDescriptor module = TtsModel.class.getModule().getDescriptor();
        assertThat(module).as("the tests run the engine as a named module").isNotNull();
        assertThat(module.name()).isEqualTo("org.pockettts");
        Set<String> exported = new TreeSet<>();
        for (ModuleDescriptor.Exports e : module.exports()) {
            assertThat(e.isQualified()).as("qualified export of %s", e.source()).isFalse();
            exported.add(e.source());
        }
        assertThat(exported).containsExactlyInAnyOrder("org.pockettts", "org.pockettts.api", "org.pockettts.audio",
                "org.pockettts.config", "org.pockettts.hub");
        assertThat(module.opens()).isEmpty();
    }
}
