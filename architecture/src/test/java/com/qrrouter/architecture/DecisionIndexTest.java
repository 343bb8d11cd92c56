package com.qrrouter.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/decisions/README.md lists every decision record, as each record's header says it, and nothing else. */
class DecisionIndexTest {

    private static final Path DECISIONS = Path.of("../docs/decisions");
    private static final Pattern RECORD_FILE = Pattern.compile("(\\d{4})-[a-z0-9.-]+\\.md");
    private static final Pattern TITLE_LINE = Pattern.compile("# (\\d{4}) (\\S.*)");
    private static final Pattern DATE_LINE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})((?: · [^·]+)*)");
    private static final Pattern STATUS = Pattern.compile("(superseded by|amended by) \\d{4}(, \\d{4})*");
    private static final Pattern INDEX_ROW =
            Pattern.compile("\\| \\[(\\d{4})]\\(([^)]+)\\) \\| (.+) \\| (\\d{4}-\\d{2}-\\d{2}) \\| ([^|]+) \\|");

    /** What the index must say of one record. */
    private record Entry(String file, String title, String date, String status) {}

    @Test
    void records_whenRead_allHaveTheOneHeaderFormat() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path record : records()) {
            List<String> lines = Files.readAllLines(record);
            Matcher title = TITLE_LINE.matcher(lines.get(0));
            if (lines.size() < 3
                    || !title.matches()
                    || !record.getFileName().toString().startsWith(title.group(1) + "-")
                    || !lines.get(1).isEmpty()
                    || !DATE_LINE.matcher(lines.get(2)).matches()) {
                wrong.add(record.getFileName().toString());
            }
        }
        assertThat(wrong)
                .as("records whose header is not '# NNNN Title', a blank line, 'yyyy-mm-dd · issue · status'"
                        + " (see docs/decisions/README.md)")
                .isEmpty();
    }

    @Test
    void index_whenRead_listsEveryRecordWithItsTitleDateAndStatus() throws IOException {
        Map<String, Entry> expected = new TreeMap<>();
        for (Path record : records()) {
            List<String> lines = Files.readAllLines(record);
            Matcher title = TITLE_LINE.matcher(lines.get(0));
            Matcher date = DATE_LINE.matcher(lines.get(2));
            if (title.matches() && date.matches()) {
                expected.put(
                        title.group(1),
                        new Entry(
                                record.getFileName().toString(), title.group(2), date.group(1), status(lines.get(2))));
            }
        }

        Map<String, Entry> indexed = new TreeMap<>();
        for (String line : Files.readAllLines(DECISIONS.resolve("README.md"))) {
            Matcher row = INDEX_ROW.matcher(line);
            if (row.matches()) {
                indexed.put(
                        row.group(1),
                        new Entry(
                                row.group(2),
                                row.group(3).replace("\\|", "|"),
                                row.group(4),
                                row.group(5).trim()));
            }
        }

        assertThat(indexed)
                .as("rows of docs/decisions/README.md ('| [NNNN](file) | title | date | status |'), one per record")
                .isEqualTo(expected);
    }

    @Test
    void status_whenARecordIsSupersededOrAmended_namesRecordsThatExist() throws IOException {
        List<String> numbers = records().stream()
                .map(r -> r.getFileName().toString().substring(0, 4))
                .toList();
        List<String> dangling = new ArrayList<>();
        for (Path record : records()) {
            Matcher status = STATUS.matcher(status(Files.readAllLines(record).get(2)));
            if (status.matches()) {
                Matcher number = Pattern.compile("\\d{4}").matcher(status.group());
                while (number.find()) {
                    if (!numbers.contains(number.group())) {
                        dangling.add(record.getFileName() + " -> " + number.group());
                    }
                }
            }
        }
        assertThat(dangling).as("statuses naming a record that does not exist").isEmpty();
    }

    private static String status(String dateLine) {
        for (String part : dateLine.split(" · ")) {
            if (STATUS.matcher(part).matches()) {
                return part;
            }
        }
        return "accepted";
    }

    private static List<Path> records() throws IOException {
        try (Stream<Path> files = Files.list(DECISIONS)) {
            return files.filter(
                            f -> RECORD_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        }
    }
}
