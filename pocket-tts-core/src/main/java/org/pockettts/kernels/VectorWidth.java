package org.pockettts.kernels;

import jdk.incubator.vector.FloatVector;
import org.slf4j.LoggerFactory;

/**
 * The vector width every kernel of this JVM runs at, chosen once: the machine's preferred width
 * ({@code FloatVector.SPECIES_PREFERRED}: 512 bits with AVX-512, 256 with AVX2, 128 with NEON or
 * SSE), capped at 512, or the width forced by {@code -Dpockettts.vectorBits=128|256|512} (for tests
 * and comparisons: a width beyond the machine's is emulated by the JDK, correct but slow; any other
 * value is ignored with a warning). Without the Vector API module, or with
 * {@code -Dpockettts.kernels=scalar}, the portable kernels run and {@link #bits()} is 0.
 *
 * <p>Every layout the kernels read is two vectors wide: a weight panel holds {@link #BLOCK} rows
 * ({@link Matrix}) and a key block as many cache slots ({@link Kernels#KEY_BLOCK}), so a product
 * handles one panel with two accumulators per activation row at any width. The packed layouts
 * therefore depend on the width, but no result does: each output of a product, each attention
 * score, is the same ordered chain of multiply-adds at every width.
 *
 * <p>This class refers to the Vector API only inside a guarded call, so that it loads without it.
 */
public final class VectorWidth {

    /** System property forcing the width in bits. */
    public static final String PROPERTY = "pockettts.vectorBits";
    /** System property that selects the portable kernels when set to {@code scalar}. */
    public static final String KERNELS_PROPERTY = "pockettts.kernels";
    /** The widest vectors the kernels use; wider machine vectors (SVE) run at this width. */
    static final int MAX_BITS = 512;

    private static final int BITS = choose(System.getProperty(KERNELS_PROPERTY), System.getProperty(PROPERTY));
    /** Floats per vector; with the portable kernels, those of a 256-bit vector (layouts stay two vectors wide). */
    static final int LANES = BITS == 0 ? 8 : BITS / Float.SIZE;
    /** Rows per weight panel and slots per key block: two vectors of floats. */
    static final int BLOCK = 2 * LANES;

    private VectorWidth() {
    }

    /** Bits per vector the kernels use: 128, 256 or 512; 0 for the portable scalar kernels. */
    public static int bits() {
        return BITS;
    }

    /** A short description for reports: {@code "512-bit vectors"} or {@code "scalar"}. */
    public static String describe() {
        return BITS == 0 ? "scalar" : BITS + "-bit vectors";
    }

    static int choose(String kernels, String forced) {
        if ("scalar".equals(kernels)) {
            return 0;
        }
        int preferred;
        try {
            preferred = Preferred.bits();
        } catch (LinkageError e) {
            LoggerFactory.getLogger(Kernels.class).warn(
                    "Vector API not available ({}); using the slower portable kernels."
                            + " Start the JVM with --add-modules jdk.incubator.vector", e.toString());
            return 0;
        }
        if (forced != null) {
            int bits;
            try {
                bits = parse(forced);
            } catch (IllegalArgumentException e) {
                LoggerFactory.getLogger(Kernels.class).warn("{}; using this machine's width", e.getMessage());
                return Math.min(preferred, MAX_BITS);
            }
            if (bits > preferred) {
                LoggerFactory.getLogger(Kernels.class).warn(
                        "{}={} is wider than this machine's {}-bit vectors: the kernels are emulated and slow",
                        PROPERTY, bits, preferred);
            }
            return bits;
        }
        if (preferred < 128) {
            LoggerFactory.getLogger(Kernels.class).warn(
                    "This machine's vectors are {} bits wide, narrower than the kernels' 128;"
                            + " using the portable kernels",
                    preferred);
            return 0;
        }
        return Math.min(preferred, MAX_BITS);
    }

    /** The width {@code forced} names, or an {@link IllegalArgumentException} saying which are allowed. */
    static int parse(String forced) {
        String value = forced.trim();
        if (!value.equals("128") && !value.equals("256") && !value.equals("512")) {
            throw new IllegalArgumentException(PROPERTY + " must be 128, 256 or 512 (bits per vector), got '" + forced
                    + "'");
        }
        return Integer.parseInt(value);
    }

    /** The only reference to the Vector API, loaded when called. */
    private static final class Preferred {
        static int bits() {
            return FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
