/**
 * Batch synthesis, shared by the {@code batch} command and the Spark job: the input table (CSV or
 * JSON Lines, read as text), the rules a row must follow, the seed of a row that names none, the
 * voice cache, one row's synthesis into an audio file that appears atomically, and the manifest's
 * lines. Nothing here knows about command lines, threads of a run or Spark.
 */
package org.pockettts.batch;
