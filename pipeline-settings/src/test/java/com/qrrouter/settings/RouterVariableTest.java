package com.qrrouter.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The catalogue of the router's environment, and docs/router.md's table of it. */
class RouterVariableTest {

    private static final Path ROUTER_DOC = Path.of("../docs/router.md");

    /** Rows of the settings table of docs/router.md by variable: the cells after the variable. */
    private static Map<String, List<String>> documentedRows() throws Exception {
        String doc = Files.readString(ROUTER_DOC);
        int start = doc.indexOf("\n## Settings");
        assertThat(start).as("router.md has the section Settings").isNotNegative();
        String section = doc.substring(start, doc.indexOf("\n## ", start + 1));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Pattern rowPattern = Pattern.compile("^\\| `([A-Z0-9_]+)` \\|(.*)\\|$");
        for (String line : section.lines().toList()) {
            Matcher row = rowPattern.matcher(line);
            if (row.matches()) {
                rows.put(
                        row.group(1),
                        List.of(row.group(2).split("\\|")).stream()
                                .map(String::strip)
                                .toList());
            }
        }
        return rows;
    }

    @Test
    void required_whenListed_isExactlyTheRoutersResourcesAndTopicPrefix() {
        assertThat(RouterVariable.requiredOnes())
                .containsExactly(
                        RouterVariable.ROUTES_TABLE_NAME,
                        RouterVariable.IDEMPOTENCY_TABLE_NAME,
                        RouterVariable.DEAD_LETTER_QUEUE_URL,
                        RouterVariable.SOURCE_QUEUE_URL,
                        RouterVariable.TOPIC_PREFIX,
                        RouterVariable.IOT_DATA_ENDPOINT);
        assertThat(RouterVariable.requiredOnes())
                .allSatisfy(variable -> assertThat(variable.readByRouter())
                        .as("%s: only the router refuses to start without a variable", variable)
                        .isTrue());
    }

    @Test
    void defaults_whenRead_comeFromPipelineSettings() {
        assertThat(RouterVariable.ROUTE_CACHE_TTL_SECONDS.defaultValue())
                .contains(Long.toString(PipelineSettings.ROUTE_CACHE_TTL.toSeconds()));
        assertThat(RouterVariable.RECORD_CONCURRENCY.defaultValue())
                .contains(Integer.toString(PipelineSettings.RECORD_CONCURRENCY));
        assertThat(RouterVariable.IDEMPOTENCY_WINDOW_SECONDS.defaultValue())
                .contains(Long.toString(PipelineSettings.IDEMPOTENCY_WINDOW.toSeconds()));
        assertThat(RouterVariable.POWERTOOLS_METRICS_NAMESPACE.defaultValue())
                .contains(PipelineSettings.METRICS_NAMESPACE);
        assertThat(RouterVariable.POWERTOOLS_SERVICE_NAME.defaultValue()).contains(PipelineSettings.SERVICE_NAME);
    }

    @Test
    void names_whenChecked_areOursNotLambdasOrTheSdks() {
        // AWS_* and _X_AMZN_* belong to the Lambda service and the SDK (decision 0501).
        assertThat(RouterVariable.names())
                .doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name)
                        .matches("[A-Z][A-Z0-9_]*")
                        .doesNotStartWith("AWS_")
                        .doesNotStartWith("_"));
    }

    @Test
    void settingsTable_whenRead_hasARowForEveryVariableInCatalogueOrder() throws Exception {
        assertThat(documentedRows().keySet()).containsExactlyElementsOf(RouterVariable.names());
    }

    @Test
    void settingsTable_whenRead_saysWhetherRequiredTheDefaultAndWhoReadsIt() throws Exception {
        documentedRows().forEach((name, cells) -> {
            // cells: required, default, read by, meaning
            RouterVariable variable = RouterVariable.valueOf(name);
            assertThat(cells.get(0)).as("required of %s", name).isEqualTo(variable.required() ? "yes" : "no");
            assertThat(cells.get(1).replace("`", ""))
                    .as("default of %s", name)
                    .isEqualTo(variable.defaultValue().orElse(""));
            String readBy = switch (variable.readBy()) {
                case ROUTER -> "router";
                case ROUTER_AND_POWERTOOLS -> "router, Powertools";
                case POWERTOOLS -> "Powertools";
            };
            assertThat(cells.get(2)).as("read by of %s", name).isEqualTo(readBy);
        });
    }
}
