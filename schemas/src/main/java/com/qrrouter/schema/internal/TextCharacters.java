package com.qrrouter.schema.internal;

/**
 * Characters of a decoded string that the pipeline cannot carry, whatever the schema allows: SQS accepts only
 * {@code #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF} in a message body or attribute, and a Java
 * string with an unpaired surrogate (from a JSON escape such as {@code \u005Cud800}) is not Unicode text: encoding it as
 * UTF-8 turns it into {@code ?}, so two different values would become one.
 */
public final class TextCharacters {

    private TextCharacters() {}

    /**
     * {@code true} if {@code text} has U+FFFE, U+FFFF or a surrogate that is not part of a high-low pair. Control
     * characters are left to the schema's patterns.
     */
    public static boolean hasUncarriable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFE' || c == '\uFFFF') {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code true} if SQS accepts every character of {@code text} in a message body or attribute (and it is Unicode
     * text: no unpaired surrogate).
     */
    public static boolean sqsAccepts(String text) {
        if (hasUncarriable(text)) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}
