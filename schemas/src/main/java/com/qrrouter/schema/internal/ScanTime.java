package com.qrrouter.schema.internal;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/** The {@code Time} format {@code yyyyMMdd'T'HHmmss}, checked as a real calendar date and time. */
public final class ScanTime {

    /** Strict: 20230230T000000 (30 February) and 20230101T240000 are refused, leap years are honoured. */
    public static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private ScanTime() {}

    /** {@code true} if {@code text} is a real date and time in the format. */
    public static boolean isReal(String text) {
        if (text == null || text.length() != 15) {
            return false;
        }
        try {
            LocalDateTime.parse(text, FORMAT);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
