package org.pockettts.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compiles normalization rules into the library's precompiled charsmap format (a Darts-clone
 * double array followed by NUL-terminated replacements), so tests can give models rules that the
 * C++ library reads too. Placement is naive (first free base), which is fine for a few rules.
 */
final class CharsMapCompiler {

    private CharsMapCompiler() {
    }

    static byte[] compile(Map<String, String> rules) {
        ByteArrayOutputStream replacements = new ByteArrayOutputStream();
        Node root = new Node();
        for (var rule : new TreeMap<>(rules).entrySet()) {
            Node node = root;
            for (byte b : rule.getKey().getBytes(StandardCharsets.UTF_8)) {
                node = node.children.computeIfAbsent(b & 0xFF, k -> new Node());
            }
            node.value = replacements.size();
            replacements.writeBytes(rule.getValue().getBytes(StandardCharsets.UTF_8));
            replacements.write(0);
        }
        int[] units = place(root);
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        writeInt(blob, units.length * 4);
        for (int unit : units) {
            writeInt(blob, unit);
        }
        blob.writeBytes(replacements.toByteArray());
        return blob.toByteArray();
    }

    private static final class Node {
        final TreeMap<Integer, Node> children = new TreeMap<>();
        int value = -1;
    }

    private static int[] place(Node root) {
        int[] units = new int[1 << 16];
        boolean[] used = new boolean[units.length];
        used[0] = true;
        // As in Darts-clone, no two nodes share a base: otherwise a byte that is not a child of one
        // node could land on the child of another with the same label.
        boolean[] baseTaken = new boolean[units.length];
        int size = 1;
        Deque<Object[]> queue = new ArrayDeque<>();
        queue.add(new Object[] {root, 0});
        while (!queue.isEmpty()) {
            Object[] item = queue.poll();
            Node node = (Node) item[0];
            int index = (int) item[1];
            List<Integer> labels = new ArrayList<>(node.children.keySet());
            if (node.value >= 0) {
                labels.add(0);
            }
            if (labels.isEmpty()) {
                continue;
            }
            int base = 1;
            while (baseTaken[base] || !fits(base, labels, used) || (index ^ base) >= (1 << 21)) {
                base++;
            }
            baseTaken[base] = true;
            int offset = index ^ base;
            units[index] |= offset << 10 | (node.value >= 0 ? 1 << 8 : 0);
            for (var child : node.children.entrySet()) {
                int slot = base ^ child.getKey();
                used[slot] = true;
                units[slot] = child.getKey();
                queue.add(new Object[] {child.getValue(), slot});
                size = Math.max(size, slot + 1);
            }
            if (node.value >= 0) {
                used[base] = true;
                units[base] = 0x80000000 | node.value;
                size = Math.max(size, base + 1);
            }
        }
        return Arrays.copyOf(units, size);
    }

    private static boolean fits(int base, List<Integer> labels, boolean[] used) {
        for (int label : labels) {
            int slot = base ^ label;
            if (slot == 0 || used[slot]) {
                return false;
            }
        }
        return true;
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
    }
}
