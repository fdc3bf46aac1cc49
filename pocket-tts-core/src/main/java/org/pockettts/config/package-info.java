/**
 * Model configurations in the reference's YAML format ({@link org.pockettts.config.ModelConfig}): where a
 * model's weights and tokenizer are, the sizes of its networks and its text options; the built-in
 * configurations of pocket-tts 3.3 by language ({@link org.pockettts.config.Languages}), each with its
 * {@link org.pockettts.config.Catalog} of voices; and the releases of the reference a model can
 * reproduce ({@link org.pockettts.config.Compat}). Exported: it is what {@code TtsModel.builder}
 * takes and {@code TtsModel.config()} gives.
 */
package org.pockettts.config;
