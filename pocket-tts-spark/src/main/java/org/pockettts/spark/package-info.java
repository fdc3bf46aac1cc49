/**
 * The batch command's work as an Apache Spark job: {@link org.pockettts.spark.SparkBatch} reads the
 * table, spreads its rows over the executors, each of which speaks them with its own model
 * ({@link org.pockettts.spark.ExecutorModel}), and writes the audio files and the manifest.
 */
package org.pockettts.spark;
