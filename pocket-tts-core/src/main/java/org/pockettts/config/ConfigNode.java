package org.pockettts.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pockettts.api.ModelFormatException;

/**
 * A mapping of a YAML configuration being read, with its dotted path for messages. Every key must be
 * read exactly once: {@link #finish()} rejects keys nobody asked for, as the reference does.
 */
final class ConfigNode {

    private final String source;
    private final String path;
    private final JsonNode node;
    private final Set<String> seen = new HashSet<>();

    ConfigNode(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        if (node == null || !node.isObject()) {
            throw error(path.isEmpty() ? "the file is not a YAML mapping" : "'" + path + "' must be a mapping");
        }
        this.node = node;
    }

    private String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    ModelFormatException error(String what) {
        return new ModelFormatException("Invalid model configuration " + source + ": " + what);
    }

    private JsonNode required(String name) {
        seen.add(name);
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw error("missing key '" + key(name) + "'");
        }
        return value;
    }

    private JsonNode optional(String name) {
        seen.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    ConfigNode child(String name) {
        return new ConfigNode(source, key(name), required(name));
    }

    int integer(String name) {
        return asInt(name, required(name));
    }

    Integer optionalInteger(String name) {
        JsonNode v = optional(name);
        return v == null ? null : asInt(name, v);
    }

    private int asInt(String name, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw error("'" + key(name) + "' must be an integer, got " + v);
        }
        return v.intValue();
    }

    double number(String name) {
        JsonNode v = required(name);
        if (!v.isNumber()) {
            throw error("'" + key(name) + "' must be a number, got " + v);
        }
        return v.doubleValue();
    }

    double number(String name, double fallback) {
        return node.has(name) && !node.get(name).isNull() ? number(name) : markSeen(name, fallback);
    }

    private double markSeen(String name, double fallback) {
        seen.add(name);
        return fallback;
    }

    String text(String name) {
        JsonNode v = required(name);
        if (!v.isTextual()) {
            throw error("'" + key(name) + "' must be a string, got " + v);
        }
        return v.textValue();
    }

    String optionalText(String name) {
        JsonNode v = optional(name);
        if (v != null && !v.isTextual()) {
            throw error("'" + key(name) + "' must be a string, got " + v);
        }
        return v == null ? null : v.textValue();
    }

    boolean bool(String name, boolean fallback) {
        JsonNode v = optional(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw error("'" + key(name) + "' must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    List<Integer> integers(String name) {
        JsonNode v = required(name);
        if (!v.isArray()) {
            throw error("'" + key(name) + "' must be a list of integers, got " + v);
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode item : v) {
            out.add(asInt(name, item));
        }
        return List.copyOf(out);
    }

    /** An optional mapping of strings to strings, in the file's order; empty when absent. */
    Map<String, String> stringMap(String name) {
        JsonNode v = optional(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            throw error("'" + key(name) + "' must be a mapping of strings to strings, got " + v);
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isTextual()) {
                throw error("'" + key(name) + "." + e.getKey() + "' must be a string, got " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** Rejects keys that were never read. */
    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!seen.contains(name)) {
                throw error("unknown key '" + key(name) + "'");
            }
        }
    }
}
