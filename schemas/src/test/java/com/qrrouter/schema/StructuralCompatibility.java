package com.qrrouter.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two revisions of the contract's schema keyword by keyword and lists every change that refuses a message
 * the earlier revision accepted (a tightening), whether or not an example exercises it. It understands exactly the
 * keywords the QR message schema uses (decision 0110); any other keyword in either revision is reported as
 * {@code unchecked}, so a new keyword fails the gate until the comparison learns it.
 */
final class StructuralCompatibility {

    /** Keywords that constrain nothing: a change to them is never a tightening. */
    private static final Set<String> ANNOTATIONS =
            Set.of("$schema", "$id", "x-revision", "title", "description", "examples", "x-patternMessage");

    /** The constraint keywords compared below. */
    private static final Set<String> CONSTRAINTS = Set.of(
            "type", "minLength", "maxLength", "pattern", "enum", "properties", "required", "additionalProperties");

    /** The schema that accepts everything: what an earlier revision said of a property it did not name. */
    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

    /** One tightening: where ({@code /properties/QRCode/pattern}) and what. */
    record Tightening(String pointer, String what) {
        @Override
        public String toString() {
            return pointer + ": " + what;
        }
    }

    private StructuralCompatibility() {}

    /** Every tightening from {@code earlier} to {@code later}; empty if {@code later} accepts all that {@code earlier} did. */
    static List<Tightening> tightenings(JsonNode earlier, JsonNode later) {
        List<Tightening> out = new ArrayList<>();
        compare("", earlier, later, out);
        return out;
    }

    private static void compare(String at, JsonNode earlier, JsonNode later, List<Tightening> out) {
        unchecked(at, earlier, later, out);
        if (!earlier.path("$schema").equals(later.path("$schema"))) {
            out.add(new Tightening(
                    at + "/$schema",
                    "dialect changed from " + earlier.path("$schema") + " to " + later.path("$schema")));
        }
        types(at, earlier, later, out);
        minimum(at, "minLength", earlier, later, out);
        maximum(at, "maxLength", earlier, later, out);
        if (later.has("pattern") && !later.path("pattern").equals(earlier.path("pattern"))) {
            out.add(new Tightening(
                    at + "/pattern",
                    earlier.has("pattern")
                            ? "pattern changed (not provably wider): " + earlier.get("pattern") + " -> "
                                    + later.get("pattern")
                            : "pattern added: " + later.get("pattern")));
        }
        if (later.has("enum")) {
            if (!earlier.has("enum")) {
                out.add(new Tightening(at + "/enum", "enum added: " + later.get("enum")));
            } else {
                Set<JsonNode> allowed = elements(later.get("enum"));
                for (JsonNode value : earlier.get("enum")) {
                    if (!allowed.contains(value)) {
                        out.add(new Tightening(at + "/enum", "enum value removed: " + value));
                    }
                }
            }
        }
        Set<JsonNode> wasRequired = elements(earlier.path("required"));
        for (JsonNode name : later.path("required")) {
            if (!wasRequired.contains(name)) {
                out.add(new Tightening(at + "/required", "newly required: " + name));
            }
        }
        properties(at, earlier, later, out);
    }

    private static void properties(String at, JsonNode earlier, JsonNode later, List<Tightening> out) {
        boolean wasClosed = earlier.path("additionalProperties").equals(BooleanNode.FALSE);
        boolean isClosed = later.path("additionalProperties").equals(BooleanNode.FALSE);
        if (later.has("additionalProperties")
                && !isClosed
                && !later.path("additionalProperties").asBoolean(false)) {
            out.add(new Tightening(at + "/additionalProperties", "unchecked: only true or false is understood"));
        }
        if (isClosed && !wasClosed) {
            out.add(new Tightening(at + "/additionalProperties", "turned false: unknown properties now refused"));
        }
        JsonNode before = earlier.path("properties");
        JsonNode after = later.path("properties");
        for (Iterator<String> names = before.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String pointer = at + "/properties/" + name;
            if (!after.has(name)) {
                if (isClosed) {
                    out.add(new Tightening(pointer, "property removed (now refused as unknown)"));
                }
                continue;
            }
            compare(pointer, before.get(name), after.get(name), out);
        }
        for (Iterator<String> names = after.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!before.has(name) && !wasClosed) {
                compare(at + "/properties/" + name, EMPTY, after.get(name), out);
            }
        }
    }

    private static void types(String at, JsonNode earlier, JsonNode later, List<Tightening> out) {
        if (!later.has("type")) {
            return;
        }
        Set<JsonNode> allowed = elements(later.get("type"));
        if (!earlier.has("type")) {
            out.add(new Tightening(at + "/type", "type added: " + later.get("type")));
            return;
        }
        for (JsonNode type : elements(earlier.get("type"))) {
            if (!allowed.contains(type)) {
                out.add(new Tightening(at + "/type", "type no longer allowed: " + type));
            }
        }
    }

    private static void minimum(String at, String keyword, JsonNode earlier, JsonNode later, List<Tightening> out) {
        if (later.path(keyword).asLong(0) > earlier.path(keyword).asLong(0)) {
            out.add(new Tightening(
                    at + "/" + keyword, keyword + " raised: " + earlier.path(keyword) + " -> " + later.get(keyword)));
        }
    }

    private static void maximum(String at, String keyword, JsonNode earlier, JsonNode later, List<Tightening> out) {
        if (later.has(keyword)
                && (!earlier.has(keyword)
                        || later.get(keyword).asLong() < earlier.get(keyword).asLong())) {
            out.add(new Tightening(
                    at + "/" + keyword, keyword + " lowered: " + earlier.path(keyword) + " -> " + later.get(keyword)));
        }
    }

    private static void unchecked(String at, JsonNode earlier, JsonNode later, List<Tightening> out) {
        Set<String> keywords = new TreeSet<>();
        earlier.fieldNames().forEachRemaining(keywords::add);
        later.fieldNames().forEachRemaining(keywords::add);
        for (String keyword : keywords) {
            if (!ANNOTATIONS.contains(keyword) && !CONSTRAINTS.contains(keyword)) {
                out.add(new Tightening(
                        at + "/" + keyword,
                        "unchecked keyword: teach StructuralCompatibility its" + " meaning (decision 0110)"));
            }
        }
    }

    private static Set<JsonNode> elements(JsonNode node) {
        Set<JsonNode> out = new HashSet<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (!node.isMissingNode()) {
            out.add(node);
        }
        return out;
    }
}
