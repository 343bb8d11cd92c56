package com.qrrouter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The contract's revision is named once, by the schema's {@code x-revision}: the API documents carry it as their
 * {@code info.version} ({@code MAJOR.MINOR.0}), and every released revision has its entry in {@code CHANGELOG.md}.
 */
class ContractVersionTest {

    private static final Path API_DOCS = Path.of("..", "docs", "api");
    private static final Path CHANGELOG = Path.of("CHANGELOG.md");
    private static final Path RELEASES = Path.of("releases");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Pattern ENTRY = Pattern.compile("(?m)^## (\\d+\\.\\d+)\\s*$");

    @Test
    void apiDocuments_whenReadingInfoVersion_carryTheSchemasCurrentRevision() throws Exception {
        String expected = QrMessageSchema.v1().revision() + ".0";

        for (String document : List.of("openapi.yaml", "asyncapi.yaml")) {
            assertThat(YAML.readTree(API_DOCS.resolve(document).toFile())
                            .at("/info/version")
                            .asText())
                    .as(document + " info.version: set it to the schema's x-revision as MAJOR.MINOR.0")
                    .isEqualTo(expected);
        }
    }

    @Test
    void changelog_whenARevisionIsReleased_hasAnEntryForIt() throws Exception {
        List<String> entries = entries(Files.readString(CHANGELOG, StandardCharsets.UTF_8));
        List<String> released = CompatibilityChecker.load(RELEASES).stream()
                .map(CompatibilityChecker.Revision::version)
                .toList();

        assertThat(released).hasSizeGreaterThanOrEqualTo(2);
        assertThat(entries)
                .as("schemas/CHANGELOG.md needs a '## MAJOR.MINOR' entry (what changed and why) per released revision")
                .containsAll(released)
                .contains(QrMessageSchema.v1().revision());
    }

    @Test
    void consumerDocs_whenDescribingReceivedMessages_tellDevicesToIgnoreUnknownProperties() throws Exception {
        String asyncApi = YAML.readTree(API_DOCS.resolve("asyncapi.yaml").toFile())
                .at("/info/description")
                .asText();
        String guide = Files.readString(Path.of("..", "docs", "integration-guide.md"), StandardCharsets.UTF_8);

        assertThat(asyncApi).contains("Ignore unknown properties", "minor revision", "optional properties");
        assertThat(guide).contains("Ignore unknown properties", "optional", "DoorControllerUnknownPropertiesTest");
        assertThat(Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8))
                .contains("(schemas/CHANGELOG.md)");
    }

    @Test
    void entries_whenARevisionHasNoHeading_missItSoTheChangelogTestFails() {
        List<String> entries = entries("# Changelog\n\n## 1.1\n\nChanged.\n\n### 1.0 is only mentioned\n");

        assertThat(entries).containsExactly("1.1").doesNotContain("1.0");
    }

    private static List<String> entries(String changelog) {
        Matcher heading = ENTRY.matcher(changelog);
        return heading.results().map(m -> m.group(1)).toList();
    }
}
