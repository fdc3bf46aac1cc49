package org.pockettts.nn;

/** The {@link Scratch} slots the transformer uses; models around it use slots from {@link #FIRST_FREE} on. */
final class Slots {

    static final int NORMED = 0;
    static final int UPDATE = 1;
    static final int HIDDEN = 2;
    static final int QKV = 3;
    static final int ATTENDED = 4;
    static final int SCORES = 5;
    /** First slot free for callers. */
    static final int FIRST_FREE = 8;

    private Slots() {
    }
}
