package org.pockettts.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * The package dependencies of compiled classes, as the JDK's {@code jdeps -verbose:package} reports
 * them: for each package of the project ({@code org.pockettts...}), the project packages its classes
 * refer to, in any way (fields, signatures, code, annotations).
 */
public final class PackageDependencies {

    private static final Pattern EDGE = Pattern.compile("^\\s*(org\\.pockettts[\\w.]*)\\s+->\\s+(org\\.pockettts[\\w.]*)\\s");

    private PackageDependencies() {
    }

    /** Where the class {@code c} was loaded from: a classes folder or a jar. */
    public static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The project-package dependencies of the classes in {@code classes}, resolved against the
     * running test's class path and module path.
     */
    public static Map<String, Set<String>> of(Path... classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException(
                "jdeps is not available: the tests need a JDK"));
        List<String> args = new ArrayList<>(List.of("--multi-release", String.valueOf(Runtime.version().feature()),
                "-verbose:package"));
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isBlank()) {
            args.addAll(List.of("--module-path", modulePath));
        }
        String classPath = System.getProperty("java.class.path");
        if (classPath != null && !classPath.isBlank()) {
            args.addAll(List.of("-cp", classPath));
        }
        for (Path p : classes) {
            args.add(p.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("jdeps " + args + " failed (" + code + "): " + err + out);
        }
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                edges.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        if (edges.isEmpty()) {
            throw new IllegalStateException("jdeps reported no dependencies between project packages:\n" + out + err);
        }
        return edges;
    }

    /** The cycles of a dependency graph: its strongly connected components of more than one package. */
    public static List<Set<String>> cycles(Map<String, Set<String>> edges) {
        return new Tarjan(edges).components().stream().filter(c -> c.size() > 1).toList();
    }

    /** Tarjan's strongly connected components. */
    private static final class Tarjan {
        private final Map<String, Set<String>> edges;
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> low = new TreeMap<>();
        private final java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> components = new ArrayList<>();

        Tarjan(Map<String, Set<String>> edges) {
            this.edges = edges;
        }

        List<Set<String>> components() {
            for (String v : edges.keySet()) {
                if (!index.containsKey(v)) {
                    visit(v);
                }
            }
            return components;
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : edges.getOrDefault(v, Set.of())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                components.add(component);
            }
        }
    }
}
