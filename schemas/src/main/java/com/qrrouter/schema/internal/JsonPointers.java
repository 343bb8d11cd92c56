package com.qrrouter.schema.internal;

/** JSON pointer (RFC 6901) helpers. */
public final class JsonPointers {

    private JsonPointers() {}

    /** The pointer of property {@code name} of the object at {@code parent}. */
    public static String child(String parent, String name) {
        return parent + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    /** The pointer of element {@code index} of the array at {@code parent}. */
    public static String child(String parent, int index) {
        return parent + "/" + index;
    }
}
