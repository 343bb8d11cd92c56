package com.qrrouter.schema.internal;

/** JSON pointer (RFC 6901) helpers. */
public final class JsonPointers {

    private JsonPointers() {}

    /**
     * The pointer of property {@code name} of the object at {@code parent}. A name comes from the client: its control
     * characters, U+FFFE, U+FFFF and unpaired surrogates are replaced with U+FFFD, so that a pointer can always travel
     * in a JSON answer and an SQS message attribute (the router's {@code FailureMessage}), which refuse them.
     */
    public static String child(String parent, String name) {
        return parent + "/" + carriable(name).replace("~", "~0").replace("/", "~1");
    }

    /** The pointer of element {@code index} of the array at {@code parent}. */
    public static String child(String parent, int index) {
        return parent + "/" + index;
    }

    private static String carriable(String name) {
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1));
            boolean bad =
                    c < 0x20 || c == 0x7F || c == '\uFFFE' || c == '\uFFFF' || (Character.isSurrogate(c) && !paired);
            if (bad && out == null) {
                out = new StringBuilder(name.length()).append(name, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
                if (paired) {
                    out.append(name.charAt(i + 1));
                }
            }
            if (paired) {
                i++;
            }
        }
        return out == null ? name : out.toString();
    }
}
