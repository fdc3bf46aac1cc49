/**
 * The vocabulary every layer of the engine and every caller share, and nothing else: the exception
 * types ({@link org.pockettts.api.PocketTtsException} and its kinds) and the two ways to supply a
 * model's parts, {@link org.pockettts.api.ModelFiles} (where its files come from) and
 * {@link org.pockettts.api.TensorSource} (where its tensors come from). It depends on no other package
 * of the engine, so every package may use it without forming a cycle.
 */
package org.pockettts.api;
