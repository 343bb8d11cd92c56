package com.qrrouter.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Derives the draft-04 JSON Schema that API Gateway request models understand from our 2020-12 schema, so the model
 * is generated, never kept by hand beside the contract.
 *
 * <p>Only keywords whose meaning is the same in both drafts are carried over. Annotations that draft-04 does not
 * know ({@code $id}, {@code examples}, {@code $comment}, {@code x-*}) are dropped. Any other keyword makes the
 * generator fail, so a later revision that uses, say, {@code dependentRequired} cannot silently produce a model that
 * accepts more than the contract.
 */
public final class Draft04ModelGenerator {

    public static final String DRAFT_04 = "http://json-schema.org/draft-04/schema#";

    private static final Set<String> SAME_MEANING = Set.of(
            "title",
            "description",
            "type",
            "enum",
            "minLength",
            "maxLength",
            "pattern",
            "minimum",
            "maximum",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minProperties",
            "maxProperties",
            "required");

    private static final Set<String> SCHEMA_VALUED = Set.of("additionalProperties", "items", "not");

    private static final Set<String> DROPPED = Set.of("$schema", "$id", "$comment", "examples", "default");

    private Draft04ModelGenerator() {}

    /**
     * Generates the draft-04 model.
     *
     * @throws IllegalArgumentException naming the keyword and its location, if the schema uses a keyword that has no
     *     draft-04 equivalent here
     */
    public static ObjectNode generate(JsonNode schema2020) {
        ObjectNode model = JsonNodeFactory.instance.objectNode();
        model.put("$schema", DRAFT_04);
        ObjectNode body = convert(schema2020, "#");
        model.setAll(body);
        return model;
    }

    private static ObjectNode convert(JsonNode schema, String location) {
        if (!schema.isObject()) {
            throw new IllegalArgumentException("schema at " + location + " must be an object for a draft-04 model");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            String at = location + "/" + keyword;
            if (DROPPED.contains(keyword) || keyword.startsWith("x-")) {
                continue;
            }
            if (SAME_MEANING.contains(keyword)) {
                out.set(keyword, value.deepCopy());
            } else if (keyword.equals("const")) {
                ArrayNode single = JsonNodeFactory.instance.arrayNode();
                single.add(value.deepCopy());
                out.set("enum", single);
            } else if (keyword.equals("properties")) {
                ObjectNode properties = JsonNodeFactory.instance.objectNode();
                value.fields()
                        .forEachRemaining(
                                p -> properties.set(p.getKey(), convert(p.getValue(), at + "/" + p.getKey())));
                out.set("properties", properties);
            } else if (SCHEMA_VALUED.contains(keyword)) {
                out.set(
                        keyword,
                        value.isBoolean() && keyword.equals("additionalProperties")
                                ? value.deepCopy()
                                : convert(value, at));
            } else {
                throw new IllegalArgumentException("keyword '" + keyword + "' at " + at
                        + " has no draft-04 equivalent in the API Gateway model: express the constraint with draft-04"
                        + " keywords or extend Draft04ModelGenerator");
            }
        }
        return out;
    }
}
