/**
 * Fetching model files from the Hugging Face Hub and from plain web addresses.
 *
 * <p>{@link org.pockettts.hub.HubClient} turns the locations written in a model configuration
 * ({@code hf://owner/repository/path@revision}, {@code https://...}, local paths) into local files. It
 * reads its settings from the same environment variables as the Python {@code huggingface_hub}
 * library ({@link org.pockettts.hub.HubSettings}) and keeps downloads in the same cache layout, so that
 * the Python tool and this one share one download cache.
 */
package org.pockettts.hub;
