package org.pockettts.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.api.ModelFormatException;
import org.pockettts.testing.Fixtures;

class SafeTensorsTest {

    @TempDir
    Path dir;

    @Test
    void readsTheTinyModelHeaderAndConvertsBf16() {
        try (SafeTensors st = SafeTensors.open(Fixtures.tiny("tiny.safetensors"))) {
            assertThat(st.names()).hasSize(129).contains("flow_lm.bos_emb", "mimi.upsample.convtr.convtr.weight");
            TensorInfo info = st.info("flow_lm.conditioner.embed.weight");
            assertThat(info.dtype()).isEqualTo(DType.BF16);
            assertThat(info.shape()).containsExactly(1001, 64);
            float[] values = st.floats("flow_lm.conditioner.embed.weight", 1001, 64);
            assertThat(values).hasSize(1001 * 64);
            // bf16 values have only 8 significant bits: the low 16 bits of every float are zero.
            for (float v : values) {
                assertThat(Float.floatToRawIntBits(v) & 0xFFFF).isZero();
            }
            assertThat(st.metadata()).containsEntry("format", "pt");
        }
    }

    @Test
    void writerRoundTripsFloat32Tensors() throws IOException {
        Path file = dir.resolve("t.safetensors");
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("b", new FloatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, Float.MIN_VALUE}));
        tensors.put("a", new FloatTensor(new long[] {1}, new float[] {-0.5f}));
        SafeTensorsWriter.write(file, tensors, Map.of("k", "v"));
        try (SafeTensors st = SafeTensors.open(file)) {
            assertThat(st.names()).containsExactly("a", "b");
            assertThat(st.floats("b", 2, 3)).containsExactly(1, 2, 3, 4, 5, Float.MIN_VALUE);
            assertThat(st.floats("a")).containsExactly(-0.5f);
            assertThat(st.metadata()).containsEntry("k", "v");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void convertsF16AndBf16Exactly() {
        byte[] f16 = fileWith("x", "F16", "[2]", new byte[] {0x00, 0x3C, 0x00, (byte) 0xC0}); // 1.0, -2.0
        assertThat(SafeTensors.of("mem", f16).floats("x")).containsExactly(1.0f, -2.0f);
        byte[] bf16 = fileWith("x", "BF16", "[2]", new byte[] {(byte) 0x80, 0x3F, 0x40, (byte) 0xC0}); // 1.0, -3.0
        assertThat(SafeTensors.of("mem", bf16).floats("x")).containsExactly(1.0f, -3.0f);
    }

    @Test
    void truncatedFileIsAClearError() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.tiny("voice_embedding.safetensors"));
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 100));
        assertThatThrownBy(() -> SafeTensors.open(cut))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("cut.safetensors")
                .hasMessageContaining("audio_prompt")
                .hasMessageContaining("truncated");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafeTensors.open(tiny)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void malformedHeaderIsAClearError() {
        byte[] notJson = withHeader("{not json", new byte[0]);
        assertThatThrownBy(() -> SafeTensors.of("bad", notJson)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not valid JSON");
        byte[] wrongSize = fileWith("x", "F32", "[3]", new byte[8]);
        assertThatThrownBy(() -> SafeTensors.of("bad", wrongSize)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("needs 12 bytes");
        byte[] hugeLength = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        assertThatThrownBy(() -> SafeTensors.of("bad", hugeLength)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("header length");
    }

    @Test
    void missingTensorAndWrongShapeNameTheTensor() {
        try (SafeTensors st = SafeTensors.open(Fixtures.tiny("voice_embedding.safetensors"))) {
            assertThatThrownBy(() -> st.floats("nope")).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("'nope' is missing");
            assertThatThrownBy(() -> st.floats("audio_prompt", 1, -1, 1024)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("[1, 25, 64]").hasMessageContaining("[1, any, 1024]");
            assertThat(st.floats("audio_prompt", 1, -1, 64)).hasSize(25 * 64);
        }
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> SafeTensors.open(dir.resolve("absent.safetensors")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("not found");
    }

    private static byte[] fileWith(String name, String dtype, String shape, byte[] data) {
        String header = "{\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                + ",\"data_offsets\":[0," + data.length + "]}}";
        return withHeader(header, data);
    }

    private static byte[] withHeader(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }
}
