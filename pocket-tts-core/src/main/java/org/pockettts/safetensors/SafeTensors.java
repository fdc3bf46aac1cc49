package org.pockettts.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.pockettts.api.ModelFormatException;

/**
 * A safetensors file, memory-mapped once: an 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets}}} with an optional {@code __metadata__}, then the raw
 * little-endian tensor data. Tensors are read straight from the mapping; nothing is copied until a
 * caller asks for floats.
 *
 * <p>Instances are safe to read from several threads. Closing unmaps the file; segments obtained
 * before must not be used afterwards.
 *
 * <p>Pages of a mapping count in the process's resident memory once read, for as long as it stays
 * mapped, even though the kernel may drop them at any time. A tensor that is read once (to be
 * repacked) is therefore best read through a mapping of its own that is closed right after
 * ({@link #map(String, Arena)}), so that its pages leave the resident set, whereas the whole-file
 * mapping serves the tensors that are read in place for as long as the file is open.
 */
public final class SafeTensors implements AutoCloseable {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** The format caps the header at 100 MB; anything larger is a corrupt length field. */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private final String source;
    private final Arena arena;
    private final FileChannel channel;
    /** Where the data section starts in the file. */
    private final long dataStart;
    private final MemorySegment data;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafeTensors(String source, Arena arena, FileChannel channel, MemorySegment file) {
        this.source = source;
        this.arena = arena;
        this.channel = channel;
        if (file.byteSize() < 8) {
            throw error("the file is " + file.byteSize() + " bytes long, too short for a safetensors header");
        }
        long headerLength = file.get(I64, 0);
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > file.byteSize() - 8) {
            throw error("the header length field says " + headerLength + " bytes but the file has "
                    + file.byteSize() + " bytes; the file is truncated or not a safetensors file");
        }
        byte[] header = file.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
        this.dataStart = 8 + headerLength;
        this.data = file.asSlice(dataStart);
        Map<String, String> meta = new LinkedHashMap<>();
        this.tensors = Collections.unmodifiableMap(parseHeader(header, meta));
        this.metadata = Collections.unmodifiableMap(meta);
    }

    /** Maps the file at {@code path}. */
    public static SafeTensors open(Path path) {
        Arena arena = Arena.ofShared();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new SafeTensors(path.toString(), arena, channel, file);
        } catch (NoSuchFileException e) {
            release(arena, channel);
            throw new ModelFormatException("Safetensors file not found: " + path);
        } catch (IOException e) {
            release(arena, channel);
            throw new ModelFormatException("Cannot read safetensors file " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(arena, channel);
            throw e;
        }
    }

    private static void release(Arena arena, FileChannel channel) {
        arena.close();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing was read through it; the failure that brought us here is what matters.
            }
        }
    }

    /** Reads a safetensors file held in memory (an upload, a classpath resource). */
    public static SafeTensors of(String source, byte[] bytes) {
        return new SafeTensors(source, null, null, MemorySegment.ofArray(bytes));
    }

    private Map<String, TensorInfo> parseHeader(byte[] header, Map<String, String> meta) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(new String(header, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw error("the header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw error("the header is not a JSON object");
        }
        Map<String, TensorInfo> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            if (name.equals("__metadata__")) {
                node.fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            result.put(name, parseEntry(name, node));
        }
        return result;
    }

    private TensorInfo parseEntry(String name, JsonNode node) {
        JsonNode dtypeNode = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtypeNode == null || shapeNode == null || !shapeNode.isArray() || offsets == null
                || !offsets.isArray() || offsets.size() != 2) {
            throw error("the header entry of tensor '" + name + "' lacks dtype, shape or data_offsets");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeNode.asText());
        } catch (IllegalArgumentException e) {
            throw error("tensor '" + name + "' has unsupported dtype " + dtypeNode.asText());
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw error("tensor '" + name + "' has an invalid shape " + shapeNode);
            }
            count = Math.multiplyExact(count, shape[i]);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin) {
            throw error("tensor '" + name + "' has invalid data_offsets " + offsets);
        }
        if (end - begin != count * dtype.size()) {
            throw error("tensor '" + name + "' of shape " + Arrays.toString(shape) + " and dtype " + dtype
                    + " needs " + count * dtype.size() + " bytes but its data_offsets span " + (end - begin));
        }
        if (end > data.byteSize()) {
            throw error("tensor '" + name + "' ends at byte " + end + " of the data section, which has only "
                    + data.byteSize() + " bytes; the file is truncated");
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private ModelFormatException error(String what) {
        return new ModelFormatException("Invalid safetensors file " + source + ": " + what);
    }

    /** Where the tensors come from (a path or a description), for messages. */
    public String source() {
        return source;
    }

    /** The tensor names, in header order. */
    public Set<String> names() {
        return tensors.keySet();
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The optional {@code __metadata__} string map. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The header entry of {@code name}; a missing tensor is a {@link ModelFormatException}. */
    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new ModelFormatException("Tensor '" + name + "' is missing from " + source
                    + "; the file does not hold the weights of this model (it has " + tensors.size() + " tensors)");
        }
        return info;
    }

    /** The raw bytes of {@code name}, a slice of the mapping. */
    public MemorySegment segment(String name) {
        TensorInfo info = info(name);
        return data.asSlice(info.begin(), info.end() - info.begin());
    }

    /**
     * The raw bytes of {@code name} in a mapping of their own, owned by {@code owner}: closing it
     * unmaps them, so that their pages leave the resident memory of the process (see the class
     * comment). For a file held in memory, a slice of it.
     */
    public MemorySegment map(String name, Arena owner) {
        TensorInfo info = info(name);
        if (channel == null) {
            return segment(name);
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.end() - info.begin(),
                    owner);
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read tensor '" + name + "' of " + source + ": " + e.getMessage(), e);
        }
    }

    /** The values of {@code name} as float32, whatever their stored type. */
    public float[] floats(String name) {
        TensorInfo info = info(name);
        if (!info.dtype().isFloating()) {
            throw new ModelFormatException("Tensor '" + name + "' in " + source + " has dtype " + info.dtype()
                    + ", expected a floating-point type");
        }
        if (info.elementCount() > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException("Tensor '" + name + "' in " + source + " is too large to load");
        }
        return toFloats(segment(name), info.dtype(), (int) info.elementCount());
    }

    /**
     * The values of {@code name} as float32 after checking its shape; -1 in {@code shape} matches
     * any size. A wrong shape is a {@link ModelFormatException} naming both shapes.
     */
    public float[] floats(String name, long... shape) {
        checkShape(name, shape);
        return floats(name);
    }

    /** Throws a {@link ModelFormatException} unless {@code name} has {@code shape} (-1 matches anything). */
    public TensorInfo checkShape(String name, long... shape) {
        TensorInfo info = info(name);
        if (!info.hasShape(shape)) {
            throw new ModelFormatException("Tensor '" + name + "' in " + source + " has shape " + info.shapeString()
                    + ", expected " + Arrays.toString(shape).replace("-1", "any") + "; the weights do not match the configuration");
        }
        return info;
    }

    /** The values of an integer tensor {@code name} (I64, I32, I16, I8 or U8) as longs. */
    public long[] longs(String name) {
        TensorInfo info = info(name);
        int count = (int) Math.min(info.elementCount(), Integer.MAX_VALUE - 8);
        MemorySegment bytes = segment(name);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = switch (info.dtype()) {
                case I64 -> bytes.get(SafeTensors.I64, 8L * i);
                case I32 -> bytes.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4L * i);
                case I16 -> bytes.get(SafeTensors.I16, 2L * i);
                case I8 -> bytes.get(ValueLayout.JAVA_BYTE, i);
                case U8 -> bytes.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
                default -> throw new ModelFormatException("Tensor '" + name + "' in " + source + " has dtype "
                        + info.dtype() + ", expected an integer type");
            };
        }
        return out;
    }

    /** The tensor {@code name} as a heap {@link FloatTensor}. */
    public FloatTensor tensor(String name) {
        TensorInfo info = info(name);
        return new FloatTensor(info.shape(), floats(name));
    }

    /** Converts {@code count} little-endian values of type {@code dtype} to float32. */
    public static float[] toFloats(MemorySegment bytes, DType dtype, int count) {
        float[] out = new float[count];
        switch (dtype) {
            case F32 -> MemorySegment.copy(bytes, F32, 0, out, 0, count);
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = Float.intBitsToFloat((bytes.get(I16, 2L * i) & 0xFFFF) << 16);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = Float.float16ToFloat(bytes.get(I16, 2L * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) bytes.get(F64, 8L * i);
                }
            }
            default -> throw new IllegalArgumentException("not a floating-point type: " + dtype);
        }
        return out;
    }

    @Override
    public void close() {
        if (arena != null) {
            release(arena, channel);
        }
    }
}
