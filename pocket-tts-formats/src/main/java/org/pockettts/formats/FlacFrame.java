package org.pockettts.formats;

import java.util.Arrays;

/**
 * Encodes blocks of 16-bit mono samples as FLAC frames (RFC 9639, section 9): a frame header with
 * the block's number, one subframe, and the CRCs. The subframe is the smallest of CONSTANT (a silent
 * or flat block), VERBATIM, and FIXED with the polynomial predictor of order 0 to 4 whose residual is
 * smallest, its residual Rice-coded in the partitioning that costs fewest bits.
 */
final class FlacFrame {

    static final int MAX_FIXED_ORDER = 4;
    private static final int MAX_RICE_PARAMETER = 14; // 15 is the escape code of the 4-bit parameter
    private static final int MAX_PARTITION_ORDER = 8;
    private static final int BITS_PER_SAMPLE = 16;

    private final BitWriter bits = new BitWriter();
    private final int sampleRateCode;
    private final int maxBlockSize;
    private final long[][] residuals;
    /** Rice bit costs, [partition][parameter], of the finest partitioning, merged pairwise for coarser ones. */
    private final long[][] costs;
    /** The partition order and parameters {@link #riceCost} chose. */
    private final int[] chosenParameters = new int[1 << MAX_PARTITION_ORDER];
    private int chosenPartitionOrder;

    FlacFrame(int sampleRate, int maxBlockSize) {
        this.sampleRateCode = sampleRateCode(sampleRate);
        this.maxBlockSize = maxBlockSize;
        this.residuals = new long[MAX_FIXED_ORDER + 1][maxBlockSize];
        this.costs = new long[1 << MAX_PARTITION_ORDER][MAX_RICE_PARAMETER + 1];
    }

    /** The frame holding {@code samples[0, count)}, the {@code number}th of the stream; valid until the next call. */
    BitWriter encode(int[] samples, int count, long number) {
        if (count < 1 || count > maxBlockSize) {
            throw new IllegalArgumentException("a FLAC block holds 1 to " + maxBlockSize + " samples, got " + count);
        }
        bits.reset();
        header(count, number);
        subframe(samples, count);
        bits.alignToByte();
        bits.write(crc16(bits.array(), bits.length()), 16);
        return bits;
    }

    private void header(int count, long number) {
        bits.write(0b11111111111110, 14); // sync code
        bits.write(0, 1);                 // reserved
        bits.write(0, 1);                 // fixed block size: frames are numbered
        bits.write(0b0111, 4);            // block size: 16 bits after the number
        bits.write(sampleRateCode, 4);
        bits.write(0b0000, 4);            // one channel
        bits.write(0b100, 3);             // 16 bits per sample
        bits.write(0, 1);                 // reserved
        writeCodedNumber(number);
        bits.write(count - 1, 16);
        bits.write(crc8(bits.array(), bits.length()), 8);
    }

    /** The frame number in FLAC's extended UTF-8 coding (up to 36 bits, 7 bytes). */
    private void writeCodedNumber(long n) {
        if (n < 0x80) {
            bits.write(n, 8);
            return;
        }
        int continuation = n < 0x800 ? 1 : n < 0x10000 ? 2 : n < 0x200000 ? 3 : n < 0x4000000 ? 4
                : n < 0x80000000L ? 5 : 6;
        int leadingBits = 6 - continuation; // payload bits in the first byte (0 for 7-byte codes)
        long lead = (0xFF00 >>> (continuation + 1)) & 0xFF;
        bits.write(lead | (n >>> (6 * continuation)) & ((1L << leadingBits) - 1), 8);
        for (int i = continuation - 1; i >= 0; i--) {
            bits.write(0x80 | (n >>> (6 * i)) & 0x3F, 8);
        }
    }

    private void subframe(int[] x, int n) {
        if (isConstant(x, n)) {
            bits.write(0b0_000000_0, 8);
            bits.write(x[0], BITS_PER_SAMPLE);
            return;
        }
        int order = bestFixedOrder(x, n);
        long residual = riceCost(order, n);
        long verbatim = (long) BITS_PER_SAMPLE * n;
        if (order * BITS_PER_SAMPLE + residual >= verbatim) {
            bits.write(0b0_000001_0, 8);
            for (int i = 0; i < n; i++) {
                bits.write(x[i], BITS_PER_SAMPLE);
            }
            return;
        }
        bits.write(0b0_001000_0 | order << 1, 8);
        for (int i = 0; i < order; i++) {
            bits.write(x[i], BITS_PER_SAMPLE);
        }
        writeResidual(order, n);
    }

    private static boolean isConstant(int[] x, int n) {
        for (int i = 1; i < n; i++) {
            if (x[i] != x[0]) {
                return false;
            }
        }
        return true;
    }

    /** The fixed predictor order whose residual has the smallest sum of magnitudes; fills {@link #residuals}. */
    private int bestFixedOrder(int[] x, int n) {
        int best = 0;
        long bestSum = Long.MAX_VALUE;
        for (int order = 0; order <= Math.min(MAX_FIXED_ORDER, n - 1); order++) {
            long[] r = residuals[order];
            long sum = 0;
            for (int i = order; i < n; i++) {
                // Differences of order p: each order's residual is the previous order's difference.
                long v = order == 0 ? x[i] : residuals[order - 1][i] - residuals[order - 1][i - 1];
                r[i] = v;
                sum += Math.abs(v);
            }
            if (sum < bestSum) {
                bestSum = sum;
                best = order;
            }
        }
        return best;
    }

    /**
     * The fewest bits that code the residual of {@code order} in Rice partitions (method 0, 4-bit
     * parameters), remembering the partitioning for {@link #writeResidual}.
     */
    private long riceCost(int order, int n) {
        long[] r = residuals[order];
        int finest = 0;
        while (finest < MAX_PARTITION_ORDER && n % (2 << finest) == 0 && (n >> (finest + 1)) > order) {
            finest++;
        }
        int partitions = 1 << finest;
        int size = n >> finest;
        for (int p = 0; p < partitions; p++) {
            long[] cost = costs[p];
            Arrays.fill(cost, 0);
            int from = p == 0 ? order : p * size;
            int to = (p + 1) * size;
            for (int i = from; i < to; i++) {
                long u = fold(r[i]);
                for (int k = 0; k <= MAX_RICE_PARAMETER; k++) {
                    cost[k] += (u >>> k) + 1 + k;
                }
            }
        }
        long best = Long.MAX_VALUE;
        for (int level = finest; level >= 0; level--) {
            int count = 1 << level;
            if (level < finest) {
                // Merge neighbouring partitions: Rice costs add up for the same parameter.
                for (int p = 0; p < count; p++) {
                    for (int k = 0; k <= MAX_RICE_PARAMETER; k++) {
                        costs[p][k] = costs[2 * p][k] + costs[2 * p + 1][k];
                    }
                }
            }
            long total = 2 + 4;
            int[] parameters = new int[count];
            for (int p = 0; p < count; p++) {
                int k = 0;
                for (int j = 1; j <= MAX_RICE_PARAMETER; j++) {
                    if (costs[p][j] < costs[p][k]) {
                        k = j;
                    }
                }
                parameters[p] = k;
                total += 4 + costs[p][k];
            }
            if (total < best) {
                best = total;
                chosenPartitionOrder = level;
                System.arraycopy(parameters, 0, chosenParameters, 0, count);
            }
        }
        return best;
    }

    private void writeResidual(int order, int n) {
        long[] r = residuals[order];
        int level = chosenPartitionOrder;
        int size = n >> level;
        bits.write(0b00, 2); // Rice coding with 4-bit parameters
        bits.write(level, 4);
        for (int p = 0; p < 1 << level; p++) {
            int k = chosenParameters[p];
            bits.write(k, 4);
            int from = p == 0 ? order : p * size;
            for (int i = from; i < (p + 1) * size; i++) {
                long u = fold(r[i]);
                bits.writeUnary(u >>> k);
                bits.write(u, k);
            }
        }
    }

    /** Signed to unsigned: 0, -1, 1, -2, 2, … become 0, 1, 2, 3, 4, … */
    private static long fold(long v) {
        return v >= 0 ? 2 * v : -2 * v - 1;
    }

    /** The frame header's code for a sample rate, or 0 ("as in STREAMINFO") for the others. */
    private static int sampleRateCode(int rate) {
        return switch (rate) {
            case 88_200 -> 0b0001;
            case 176_400 -> 0b0010;
            case 192_000 -> 0b0011;
            case 8_000 -> 0b0100;
            case 16_000 -> 0b0101;
            case 22_050 -> 0b0110;
            case 24_000 -> 0b0111;
            case 32_000 -> 0b1000;
            case 44_100 -> 0b1001;
            case 48_000 -> 0b1010;
            case 96_000 -> 0b1011;
            default -> 0b0000;
        };
    }

    /** CRC-8, polynomial x⁸ + x² + x + 1, initial value 0, of the frame header. */
    private static int crc8(byte[] b, int len) {
        int crc = 0;
        for (int i = 0; i < len; i++) {
            crc ^= b[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? (crc << 1) ^ 0x07 : crc << 1;
            }
            crc &= 0xFF;
        }
        return crc;
    }

    /** CRC-16, polynomial x¹⁶ + x¹⁵ + x² + 1, initial value 0, of the whole frame. */
    private static int crc16(byte[] b, int len) {
        int crc = 0;
        for (int i = 0; i < len; i++) {
            crc ^= (b[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x8005 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }
}
