/**
 * The vocabulary every layer of the engine and every caller share, and nothing else: the exception
 * types ({@link org.pockettts.api.PocketTtsException} and its kinds) and the
 * {@link org.pockettts.api.ModelFiles} resolver of file locations. It depends on no other package
 * of the engine, so every package may use it without forming a cycle.
 */
package org.pockettts.api;
