/**
 * Pocket TTS for the JVM: the engine as a library.
 *
 * <p>The exported packages are what a program that speaks text needs, and nothing else:
 * <ul>
 * <li>{@code org.pockettts}: the facade — {@code TtsModel} (loading, voices, generation, the
 *     {@code SpeechPlan} of a text), {@code TextPlanner} (the plan without the weights),
 *     {@code Voice}, {@code AudioStream}, {@code GenerationOptions} and its limits, {@code Engine},
 *     and for applications around it {@code SavedVoices} (a folder of named voices) and
 *     {@code SentenceSplitter} (sentences of text that arrives piece by piece);</li>
 * <li>{@code org.pockettts.api}: the exceptions every layer throws, and the three ways to supply a
 *     model's parts, {@code ModelFiles} (where files come from), {@code TensorSource} (where
 *     tensors come from) and {@code Tokenizer} (text to token ids);</li>
 * <li>{@code org.pockettts.audio}: reading voice prompts from WAV, resampling, writing WAV — a
 *     program that speaks must get audio in and out;</li>
 * <li>{@code org.pockettts.config}: the model configuration ({@code TtsModel.config()}, and the
 *     argument of {@code TtsModel.builder}), the built-in languages and the behaviours
 *     ({@code Compat}) a model may run under;</li>
 * <li>{@code org.pockettts.hub}: the Hugging Face Hub client, the {@code ModelFiles} that downloads
 *     (with progress) and shares the Python tool's cache;</li>
 * </ul>
 * The networks ({@code flowlm}, {@code mimi}, {@code nn}), text preparation and the tokenizers
 * ({@code text}), the numeric kernels, the safetensors
 * reader and the file utilities are internal: they change with the engine and are reached only
 * through the facade.
 */
module org.pockettts {
    // Optional: without --add-modules jdk.incubator.vector the engine runs on its portable kernels.
    requires static jdk.incubator.vector;
    requires java.net.http;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    // Numbers read aloud (spell-out rules) and the SSML subset of the pause markup.
    requires com.ibm.icu;
    requires java.xml;

    exports org.pockettts;
    exports org.pockettts.api;
    exports org.pockettts.audio;
    exports org.pockettts.config;
    exports org.pockettts.hub;
}
