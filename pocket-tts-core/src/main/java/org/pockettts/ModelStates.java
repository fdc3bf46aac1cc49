package org.pockettts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.ModelFormatException;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.safetensors.FloatTensor;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.safetensors.SafeTensorsWriter;
import org.pockettts.safetensors.TensorInfo;

/**
 * Voices as model states, the format of pocket-tts 2.x and 3.x ({@code export_model_state}): FlowLM's
 * attention caches after the voice prompt, one tensor per (layer, key), named
 * {@code transformer.layers.<i>.self_attn/<key>}: {@code cache} F32 [2, 1, positions, heads, head
 * dim] (keys, with their rotary embedding applied, then values), {@code offset} I64 [1] (positions
 * written), and in 3.x {@code pad} I64 [1] (leading positions that are padding). The older spelling
 * {@code current_end}, whose length is the offset, is read too.
 */
final class ModelStates {

    private static final Pattern NAME = Pattern.compile("transformer\\.layers\\.(\\d+)\\.self_attn/(\\w+)");
    private static final String CACHE = "cache";
    private static final String OFFSET = "offset";
    private static final String PAD = "pad";
    private static final String CURRENT_END = "current_end";

    private ModelStates() {
    }

    /** Whether {@code file}'s tensors are named as a model state's ({@code module/key}). */
    static boolean isModelState(SafeTensors file) {
        return !file.names().isEmpty() && file.names().stream().allMatch(n -> n.contains("/"));
    }

    /**
     * The FlowLM stream a model-state file holds, checked against {@code flowLm}'s shape.
     *
     * @param honourPadding whether {@code pad} masks leading positions (otherwise they are attended to)
     * @param longest the most positions a voice may take
     * @throws InvalidInputException naming the file and what does not fit
     */
    static FlowLm.State read(FlowLm flowLm, SafeTensors file, String description, boolean honourPadding, int longest) {
        int layers = flowLm.layers();
        int heads = flowLm.heads();
        int headDim = flowLm.dim() / heads;
        Map<Integer, Map<String, String>> byLayer = new LinkedHashMap<>();
        for (String name : file.names()) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw notForThisModel(description, "its tensor '" + name + "' is not a FlowLM attention state"
                        + " (expected transformer.layers.<i>.self_attn/cache, offset, pad)");
            }
            byLayer.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new LinkedHashMap<>()).put(m.group(2), name);
        }
        if (!byLayer.keySet().equals(new TreeSet<>(range(layers)))) {
            throw notForThisModel(description, "it holds the states of layers " + new TreeSet<>(byLayer.keySet())
                    + " but this model has " + layers + " layers (0 to " + (layers - 1) + ")");
        }
        List<float[]> caches = new ArrayList<>();
        int positions = -1;
        int padding = -1;
        for (int layer = 0; layer < layers; layer++) {
            Map<String, String> keys = byLayer.get(layer);
            String cacheName = keys.get(CACHE);
            if (cacheName == null) {
                throw notForThisModel(description, "layer " + layer + " has no cache");
            }
            TensorInfo info = file.info(cacheName);
            long[] shape = info.shape();
            if (shape.length != 5 || shape[0] != 2 || shape[1] != 1 || shape[3] != heads || shape[4] != headDim
                    || !info.dtype().isFloating()) {
                throw notForThisModel(description, "'" + cacheName + "' has shape " + info.shapeString() + " ("
                        + info.dtype() + ") but this model needs [2, 1, positions, " + heads + ", " + headDim + "]");
            }
            int offset = offset(file, keys, description, layer);
            int pad = keys.containsKey(PAD) ? single(file, keys.get(PAD), description) : 0;
            if (offset > shape[2] || pad < 0 || pad > offset) {
                throw notForThisModel(description, "layer " + layer + " says " + offset + " positions written"
                        + " (of " + shape[2] + " in its cache) and " + pad + " of padding");
            }
            if (positions >= 0 && (offset != positions || pad != padding)) {
                throw notForThisModel(description, "its layers disagree on how many positions they hold");
            }
            positions = offset;
            padding = pad;
            caches.add(firstPositions(file.floats(cacheName), (int) shape[2], offset, heads * headDim));
        }
        if (positions == 0) {
            throw new InvalidInputException("The voice file " + description + " is an empty model state");
        }
        if (positions > longest) {
            throw new InvalidInputException("The voice " + description + " is too long: " + positions
                    + " positions; at most " + longest + " leave room for speech");
        }
        return flowLm.restore(caches, positions, honourPadding ? padding : 0);
    }

    /** The first {@code positions} of a [2, 1, stored, heads, head dim] cache, as [2, positions, …]. */
    private static float[] firstPositions(float[] cache, int stored, int positions, int row) {
        if (stored == positions) {
            return cache;
        }
        float[] out = new float[2 * positions * row];
        System.arraycopy(cache, 0, out, 0, positions * row);
        System.arraycopy(cache, stored * row, out, positions * row, positions * row);
        return out;
    }

    private static int offset(SafeTensors file, Map<String, String> keys, String description, int layer) {
        if (keys.containsKey(OFFSET)) {
            return single(file, keys.get(OFFSET), description);
        }
        if (keys.containsKey(CURRENT_END)) {
            // The older spelling: its length, not its value, is the offset.
            return (int) file.info(keys.get(CURRENT_END)).shape()[0];
        }
        throw notForThisModel(description, "layer " + layer + " has neither offset nor current_end");
    }

    private static int single(SafeTensors file, String name, String description) {
        long[] values;
        try {
            values = file.longs(name);
        } catch (ModelFormatException e) {
            throw notForThisModel(description, e.getMessage());
        }
        if (values.length != 1 || values[0] < 0 || values[0] > Integer.MAX_VALUE) {
            throw notForThisModel(description, "'" + name + "' holds " + Arrays.toString(values)
                    + " where one count was expected");
        }
        return (int) values[0];
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static InvalidInputException notForThisModel(String description, String what) {
        return new InvalidInputException("The voice file " + description + " is not a model state of this model: "
                + what);
    }

    /** Writes {@code state} as a model-state file; {@code withPad} adds the {@code pad} of 3.x. */
    static void write(FlowLm flowLm, FlowLm.State state, Path file, boolean withPad) throws IOException {
        int heads = flowLm.heads();
        int positions = (int) state.length();
        Map<String, FloatTensor> caches = new LinkedHashMap<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (int layer = 0; layer < flowLm.layers(); layer++) {
            String module = "transformer.layers." + layer + ".self_attn/";
            caches.put(module + CACHE, new FloatTensor(new long[] {2, 1, positions, heads, flowLm.dim() / heads},
                    state.cache(layer)));
            counts.put(module + OFFSET, new long[] {positions});
            if (withPad) {
                counts.put(module + PAD, new long[] {state.padding()});
            }
        }
        SafeTensorsWriter.writeState(file, caches, counts);
    }
}
