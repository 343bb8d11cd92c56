package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/deploy.md, "Per-stage overrides", says what the code does: a row for every key, each stage's default as {@link
 * StageConfig#forStage} has it, examples that the parser accepts, and the error message it quotes.
 */
class StageOverridesDocsTest {

    private static final Path DEPLOY_DOC = Path.of("../docs/deploy.md");

    /** Table rows by key: the cells after the key. */
    private static Map<String, List<String>> rows() throws Exception {
        String doc = Files.readString(DEPLOY_DOC);
        int start = doc.indexOf("### Per-stage overrides");
        assertThat(start).as("deploy.md has the section Per-stage overrides").isNotNegative();
        String section = doc.substring(start, doc.indexOf("\n## ", start));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : section.lines().toList()) {
            Matcher row = Pattern.compile("^\\| `([A-Za-z]+)` \\|(.*)\\|$").matcher(line);
            if (row.matches()) {
                List<String> cells = List.of(row.group(2).split("\\|")).stream()
                        .map(String::strip)
                        .toList();
                rows.put(row.group(1), cells);
            }
        }
        return rows;
    }

    private static String shown(String cell) {
        return cell.replace("`", "");
    }

    private static String defaultOf(String key, StageConfig stage) {
        return switch (key) {
            case StageOverrides.API_RATE_LIMIT -> Long.toString((long) stage.apiRateLimit());
            case StageOverrides.API_BURST_LIMIT -> Integer.toString(stage.apiBurstLimit());
            case StageOverrides.WAF_RATE_LIMIT -> Long.toString(stage.wafRequestsPerIpPerFiveMinutes());
            case StageOverrides.MAX_CONCURRENCY -> Integer.toString(stage.maxConcurrency());
            case StageOverrides.BATCHING_WINDOW_SECONDS ->
                Long.toString(stage.batchingWindow().toSeconds());
            case StageOverrides.MAX_SCAN_AGE_SECONDS ->
                Long.toString(stage.maxScanAge().toSeconds());
            case StageOverrides.TOPIC_PREFIX -> stage.topicPrefix();
            default -> throw new AssertionError("a documented key the code does not know: " + key);
        };
    }

    @Test
    void overridesTable_whenRead_hasARowForEveryKeyInOrder() throws Exception {
        assertThat(rows().keySet()).containsExactlyElementsOf(StageOverrides.KEYS);
    }

    @Test
    void overridesTable_whenRead_showsEachStagesDefaults() throws Exception {
        rows().forEach((key, cells) -> {
            // cells: what, dev, stag, prod, allowed, example
            for (int i = 0; i < StageConfig.STAGES.size(); i++) {
                String stage = StageConfig.STAGES.get(i);
                assertThat(shown(cells.get(1 + i)))
                        .as("default of %s on %s", key, stage)
                        .isEqualTo(defaultOf(key, StageConfig.forStage(stage)));
            }
        });
    }

    @Test
    void overridesTable_whenExamplesApplied_acceptsEachOnProd() throws Exception {
        Pattern flag = Pattern.compile("-c ([A-Za-z]+)=(\\S+)");
        rows().forEach((key, cells) -> {
            Matcher matcher = flag.matcher(shown(cells.get(5)));
            Map<String, Object> context = new LinkedHashMap<>();
            while (matcher.find()) {
                context.put(matcher.group(1), matcher.group(2));
            }
            assertThat(context).as("example of %s", key).containsKey(key);
            StageConfig prod = StageConfig.forStage("prod");
            StageConfig overridden = StageOverrides.fromContext(context, List.of(QrRouterApp.STAGE_CONTEXT))
                    .applyTo(prod);
            assertThat(overridden).as("example of %s changes something", key).isNotEqualTo(prod);
        });
    }

    @Test
    void overridesSection_whenQuotingAnError_quotesTheParsersMessage() throws Exception {
        String doc = Files.readString(DEPLOY_DOC).replaceAll("\\s+", " ");
        assertThatThrownBy(() -> StageOverrides.fromContext(Map.of("maxConcurrency", "abc"), List.of()))
                .satisfies(e -> {
                    String problem = e.getMessage().substring(e.getMessage().indexOf("\n- ") + 3);
                    assertThat(doc.contains(problem))
                            .as("deploy.md quotes the message: %s", problem)
                            .isTrue();
                });
    }
}
