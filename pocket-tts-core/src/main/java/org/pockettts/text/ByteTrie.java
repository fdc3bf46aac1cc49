package org.pockettts.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * An immutable trie over byte strings, each key carrying an int value. Built once per model; a walk
 * from the root one byte at a time finds every key that is a prefix of the text, which is what
 * segmentation needs at each position.
 *
 * <p>Layout: the root's 256 children are a direct table (most walks end after one or two bytes);
 * every other node's children are a sorted slice of {@code labels}/{@code targets}.
 */
final class ByteTrie {

    static final int ROOT = 0;
    static final int NONE = -1;

    private final int[] rootChildren;
    private final int[] firstEdge;
    private final int[] labels;
    private final int[] targets;
    private final int[] values;

    private ByteTrie(int[] rootChildren, int[] firstEdge, int[] labels, int[] targets, int[] values) {
        this.rootChildren = rootChildren;
        this.firstEdge = firstEdge;
        this.labels = labels;
        this.targets = targets;
        this.values = values;
    }

    /** A trie of {@code keys[i] -> values[i]}; a key given twice keeps its last value. */
    static ByteTrie build(List<byte[]> keys, List<Integer> keyValues) {
        List<TreeMap<Integer, Integer>> children = new ArrayList<>();
        List<Integer> nodeValues = new ArrayList<>();
        children.add(new TreeMap<>());
        nodeValues.add(NONE);
        for (int k = 0; k < keys.size(); k++) {
            int node = ROOT;
            for (byte b : keys.get(k)) {
                Integer next = children.get(node).get(b & 0xFF);
                if (next == null) {
                    next = children.size();
                    children.get(node).put(b & 0xFF, next);
                    children.add(new TreeMap<>());
                    nodeValues.add(NONE);
                }
                node = next;
            }
            nodeValues.set(node, keyValues.get(k));
        }
        int nodes = children.size();
        int[] rootChildren = new int[256];
        Arrays.fill(rootChildren, NONE);
        children.get(ROOT).forEach((label, target) -> rootChildren[label] = target);
        int[] firstEdge = new int[nodes + 1];
        int edges = 0;
        for (int node = 0; node < nodes; node++) {
            edges += node == ROOT ? 0 : children.get(node).size();
        }
        int[] labels = new int[edges];
        int[] targets = new int[edges];
        int edge = 0;
        for (int node = 0; node < nodes; node++) {
            firstEdge[node] = edge;
            if (node != ROOT) {
                for (var entry : children.get(node).entrySet()) {
                    labels[edge] = entry.getKey();
                    targets[edge] = entry.getValue();
                    edge++;
                }
            }
        }
        firstEdge[nodes] = edge;
        int[] values = nodeValues.stream().mapToInt(Integer::intValue).toArray();
        return new ByteTrie(rootChildren, firstEdge, labels, targets, values);
    }

    /** The node reached from {@code node} by byte {@code b} (0..255), or {@link #NONE}. */
    int child(int node, int b) {
        if (node == ROOT) {
            return rootChildren[b];
        }
        int low = firstEdge[node];
        int high = firstEdge[node + 1] - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int label = labels[middle];
            if (label < b) {
                low = middle + 1;
            } else if (label > b) {
                high = middle - 1;
            } else {
                return targets[middle];
            }
        }
        return NONE;
    }

    /** The value of the key ending at {@code node}, or {@link #NONE} when no key ends there. */
    int value(int node) {
        return values[node];
    }

    /** The length of the longest key that is a prefix of {@code text[from, end)}, or 0. */
    int longestPrefix(byte[] text, int from, int end) {
        int node = ROOT;
        int longest = 0;
        for (int i = from; i < end; i++) {
            node = child(node, text[i] & 0xFF);
            if (node == NONE) {
                break;
            }
            if (values[node] != NONE) {
                longest = i + 1 - from;
            }
        }
        return longest;
    }
}
