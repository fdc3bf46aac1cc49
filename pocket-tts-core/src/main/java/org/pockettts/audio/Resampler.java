package org.pockettts.audio;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pockettts.api.InvalidInputException;

/**
 * Sample-rate conversion that reproduces the reference's {@code scipy.signal.resample_poly} on
 * float32 audio: a Kaiser-windowed sinc low-pass (beta 5, {@code 10 * max(up, down)} taps either
 * side of the centre) applied polyphase, zero outside the signal, with {@code up/down} the rate
 * ratio reduced by the greatest common divisor.
 *
 * <p>Filters are cached per ratio. All methods are safe to call from several threads.
 */
public final class Resampler {

    /**
     * The largest term of a reduced ratio that is accepted. The filter grows with it (20 taps per
     * unit); every common rate reduces far below it, only odd rates prime to 24 kHz come near.
     */
    public static final int MAX_RATIO_TERM = 100_000;

    private static final int CACHED_FILTERS = 8;
    /** Filters above this many taps (odd rates only) are rebuilt when needed rather than kept in memory. */
    private static final long LARGEST_CACHED_TAPS = 1 << 20;
    private static final Map<Long, PolyphaseFilter> FILTERS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PolyphaseFilter> eldest) {
            return size() > CACHED_FILTERS;
        }
    };

    private Resampler() {
    }

    /**
     * Resamples {@code x} from {@code fromRate} to {@code toRate}. The result has
     * {@code ceil(x.length * up / down)} samples. When the rates are equal, {@code x} itself is
     * returned.
     *
     * @throws InvalidInputException when the reduced ratio has a term above {@link #MAX_RATIO_TERM}
     */
    public static float[] resample(float[] x, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " and " + toRate);
        }
        if (fromRate == toRate) {
            return x;
        }
        return filter(fromRate, toRate).apply(x);
    }

    /** Resamples {@code audio} to {@code toRate}; returns {@code audio} itself when it already has that rate. */
    public static Audio resample(Audio audio, int toRate) {
        if (audio.sampleRate() == toRate) {
            return audio;
        }
        return new Audio(resample(audio.samples(), audio.sampleRate(), toRate), toRate);
    }

    /** The number of samples {@link #resample(float[], int, int)} returns for {@code length} input samples. */
    public static long outputLength(long length, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return length;
        }
        int g = gcd(fromRate, toRate);
        return PolyphaseFilter.outputLength(length, toRate / g, fromRate / g);
    }

    private static PolyphaseFilter filter(int fromRate, int toRate) {
        int g = gcd(fromRate, toRate);
        int up = toRate / g;
        int down = fromRate / g;
        if (Math.max(up, down) > MAX_RATIO_TERM) {
            throw new InvalidInputException("cannot resample audio from " + fromRate + " Hz to " + toRate
                    + " Hz: the ratio reduces to " + up + "/" + down + ", which needs a filter of "
                    + PolyphaseFilter.filterLength(up, down) + " taps; convert the audio to a common rate such as"
                    + " 48000 Hz first");
        }
        Long key = (long) up << 32 | down;
        synchronized (FILTERS) {
            PolyphaseFilter cached = FILTERS.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // Designed outside the lock: a large filter takes a moment and other ratios need not wait.
        PolyphaseFilter designed = new PolyphaseFilter(up, down);
        if (PolyphaseFilter.filterLength(up, down) > LARGEST_CACHED_TAPS) {
            return designed;
        }
        synchronized (FILTERS) {
            PolyphaseFilter raced = FILTERS.putIfAbsent(key, designed);
            return raced != null ? raced : designed;
        }
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
