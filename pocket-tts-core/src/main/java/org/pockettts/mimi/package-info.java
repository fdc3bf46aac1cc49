/**
 * Mimi, the audio codec (internal, not exported): SEANet convolutions, transformers and resampling
 * convolutions, each a streaming stage ({@code Block}) with a typed per-stream state. Encoding a voice runs
 * piece by piece; decoding runs frame by frame ({@link org.pockettts.mimi.Mimi.Decoder}).
 */
package org.pockettts.mimi;
