package org.pockettts.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.pockettts.util.AtomicFiles;

/**
 * Writes float32 tensors (and int64 vectors) in the safetensors format. Files appear atomically: the bytes go to a
 * temporary file beside the target, which is renamed over it only once complete, so a full disk or
 * a crash never leaves a half-written file behind.
 */
public final class SafeTensorsWriter {

    private SafeTensorsWriter() {
    }

    /** Writes {@code tensors} (stored as F32, sorted by name) and {@code metadata} to {@code target}. */
    public static void write(Path target, Map<String, FloatTensor> tensors, Map<String, String> metadata)
            throws IOException {
        AtomicFiles.write(target, out -> write(out, tensors, metadata));
    }

    /**
     * Writes {@code tensors} (F32) and {@code longs} (I64 vectors, shape [length]), all sorted by
     * name, to {@code target}, with no metadata: the layout of PyTorch's model-state files.
     */
    public static void writeState(Path target, Map<String, FloatTensor> tensors, Map<String, long[]> longs)
            throws IOException {
        AtomicFiles.write(target, out -> write(out, tensors, longs, null));
    }

    /** Writes the safetensors bytes of {@code tensors} to {@code out}. */
    public static void write(OutputStream out, Map<String, FloatTensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(out, tensors, Map.of(), metadata);
    }

    private static void write(OutputStream out, Map<String, FloatTensor> tensors, Map<String, long[]> longs,
                              Map<String, String> metadata) throws IOException {
        Map<String, Object> sorted = new TreeMap<>(tensors);
        longs.forEach((name, values) -> {
            if (sorted.put(name, values) != null) {
                throw new IllegalArgumentException("two tensors named " + name);
            }
        });
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            ObjectNode entry = header.putObject(e.getKey());
            ArrayNode shape;
            long size;
            if (e.getValue() instanceof FloatTensor t) {
                entry.put("dtype", DType.F32.name());
                shape = entry.putArray("shape");
                for (long d : t.shape()) {
                    shape.add(d);
                }
                size = 4L * t.data().length;
            } else {
                long[] values = (long[]) e.getValue();
                entry.put("dtype", DType.I64.name());
                entry.putArray("shape").add(values.length);
                size = 8L * values.length;
            }
            entry.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        // The data section starts 8-byte aligned, as the reference library writes it.
        int padded = (headerBytes.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(headerBytes);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        out.write(prefix.array());
        for (Object value : sorted.values()) {
            if (value instanceof long[] longValues) {
                ByteBuffer chunk = ByteBuffer.allocate(8 * longValues.length).order(ByteOrder.LITTLE_ENDIAN);
                chunk.asLongBuffer().put(longValues);
                out.write(chunk.array());
                continue;
            }
            float[] values = ((FloatTensor) value).data();
            ByteBuffer chunk = ByteBuffer.allocate(4 * Math.min(values.length, 1 << 16)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; ) {
                chunk.clear();
                int n = Math.min(values.length - i, chunk.capacity() / 4);
                chunk.asFloatBuffer().put(values, i, n);
                out.write(chunk.array(), 0, 4 * n);
                i += n;
            }
        }
    }
}
