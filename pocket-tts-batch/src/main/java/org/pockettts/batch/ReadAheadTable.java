package org.pockettts.batch;

import java.util.NoSuchElementException;

/** A table that reads its next row when asked whether there is one, as an iterator must. */
abstract class ReadAheadTable implements Table {

    private RawRow next;

    /** The next row, or null at the end of the input. */
    abstract RawRow readRow();

    @Override
    public final boolean hasNext() {
        if (next == null) {
            next = readRow();
        }
        return next != null;
    }

    @Override
    public final RawRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawRow row = next;
        next = null;
        return row;
    }
}
