/**
 * Model configurations in the reference's YAML format ({@link org.pockettts.config.ModelConfig}): where a
 * model's weights and tokenizer are, and the sizes of its networks. Exported: it is what
 * {@code TtsModel.builder} takes and {@code TtsModel.config()} gives.
 */
package org.pockettts.config;
