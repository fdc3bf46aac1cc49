/** Pocket TTS for the JVM: the engine. */
package org.pockettts;
