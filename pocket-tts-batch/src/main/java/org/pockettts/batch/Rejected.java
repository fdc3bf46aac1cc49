package org.pockettts.batch;

/**
 * A row that breaks a rule.
 *
 * @param ordinal the row's place in the table
 * @param id the row's id as written (shortened when very long), or null when it has none
 * @param seed the seed the row would have had, or null when it cannot be known
 * @param message what is wrong and what to do, starting with the row's position when known
 */
public record Rejected(long ordinal, String id, Long seed, String message) implements Checked {
}
