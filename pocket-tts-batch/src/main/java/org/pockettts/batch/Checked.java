package org.pockettts.batch;

/** A row after the rules: a {@link Job} to run, or {@link Rejected} with the reason. */
public sealed interface Checked permits Job, Rejected {

    /** The row's place in the table. */
    long ordinal();
}
