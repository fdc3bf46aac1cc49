package org.pockettts.server;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server has done, in the Prometheus text exposition format (version 0.0.4) at
 * {@code GET /metrics}. Everything is counted in memory from the start of the process.
 */
final class Metrics {

    /** How a generation ended. */
    enum Outcome {
        /** All audio was sent. */
        COMPLETED,
        /** The client went away, or the server cut it while stopping. */
        CANCELLED,
        /** Cut at the most audio one request may have. */
        LIMITED,
        /** The engine failed mid-way. */
        FAILED
    }

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<Outcome, LongAdder> generations = new ConcurrentHashMap<>();
    private final DoubleAdder audioSeconds = new DoubleAdder();
    private final Histogram realTimeFactor = new Histogram("pockettts_real_time_factor",
            "Generation time divided by the duration of the audio generated (below 1 is faster than real time),"
                    + " per completed generation.",
            0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5);
    private final Histogram timeToFirstChunk = new Histogram("pockettts_time_to_first_chunk_seconds",
            "Time from a speech request's arrival to its first audio frame sent, queueing and voice loading"
                    + " included.",
            0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);
    private final GenerationSlots slots;
    private final VoiceCache voices;

    Metrics(GenerationSlots slots, VoiceCache voices) {
        this.slots = slots;
        this.voices = voices;
        for (Outcome o : Outcome.values()) {
            generations.put(o, new LongAdder());
        }
    }

    /** An answered request; {@code route} is the route's path pattern, never the raw path. */
    void request(String route, int status) {
        requests.computeIfAbsent(route + '\u0000' + status, k -> new LongAdder()).increment();
    }

    void firstChunk(long nanosSinceArrival) {
        timeToFirstChunk.observe(nanosSinceArrival / 1e9);
    }

    /** A generation ended after producing {@code samples} samples in {@code nanos}. */
    void generationEnded(Outcome outcome, long samples, int sampleRate, long nanos) {
        generations.get(outcome).increment();
        double seconds = samples / (double) sampleRate;
        audioSeconds.add(seconds);
        if (outcome == Outcome.COMPLETED && samples > 0) {
            realTimeFactor.observe(nanos / 1e9 / seconds);
        }
    }

    /** The exposition text. */
    String render() {
        StringBuilder out = new StringBuilder(4096);
        header(out, "pockettts_http_requests_total", "counter", "HTTP requests answered, by route and status.");
        Map<String, Long> sorted = new TreeMap<>();
        requests.forEach((k, v) -> sorted.put(k, v.sum()));
        sorted.forEach((key, count) -> {
            int cut = key.indexOf('\u0000');
            out.append("pockettts_http_requests_total{route=\"").append(escape(key.substring(0, cut)))
                    .append("\",status=\"").append(key.substring(cut + 1)).append("\"} ").append(count).append('\n');
        });
        header(out, "pockettts_generations_total", "counter", "Generations ended, by outcome.");
        for (Outcome o : Outcome.values()) {
            out.append("pockettts_generations_total{outcome=\"").append(o.name().toLowerCase(Locale.ROOT))
                    .append("\"} ").append(generations.get(o).sum()).append('\n');
        }
        gauge(out, "pockettts_generations_in_flight", "Generations running now.", slots.running());
        gauge(out, "pockettts_generation_slots", "Generations that may run at once.", slots.maxConcurrent());
        gauge(out, "pockettts_queue_length", "Requests waiting for a generation slot.", slots.waiting());
        gauge(out, "pockettts_queue_capacity", "Requests that may wait for a slot before the server answers 503.",
                slots.maxQueue());
        header(out, "pockettts_audio_seconds_total", "counter", "Seconds of audio generated and sent.");
        out.append("pockettts_audio_seconds_total ").append(String.format(Locale.ROOT, "%.3f", audioSeconds.sum()))
                .append('\n');
        realTimeFactor.render(out);
        timeToFirstChunk.render(out);
        gauge(out, "pockettts_voice_cache_entries", "Voices held in the voice cache.", voices.entries());
        gauge(out, "pockettts_voice_cache_bytes", "Memory held by the cached voices.", voices.bytes());
        header(out, "pockettts_voice_cache_requests_total", "counter",
                "Requests for a voice other than the default, by whether it was cached.");
        out.append("pockettts_voice_cache_requests_total{result=\"hit\"} ").append(voices.hits()).append('\n');
        out.append("pockettts_voice_cache_requests_total{result=\"miss\"} ").append(voices.misses()).append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        header(out, name, "gauge", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    /** A bucket bound as Prometheus writes it: shortest decimal, no exponent. */
    static String number(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
