/**
 * Reading and writing safetensors files, the format of the weights and of voice files (internal, not
 * exported: users reach voice files through {@code TtsModel.voice} and {@code Voice.save}).
 */
package org.pockettts.safetensors;
