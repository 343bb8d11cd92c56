package com.qrrouter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Relative links in the contract's hand-written docs point at files that exist. */
class DocsLinksTest {

    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../docs/integration-guide.md",
                "../docs/api/openapi.yaml",
                "../docs/api/asyncapi.yaml",
                "README.md",
                "releases/README.md",
                "tooling/README.md"
            })
    void relativeLinks_whenResolvedFromTheirFile_exist(String file) throws Exception {
        Path doc = Path.of(file);
        Matcher links = MARKDOWN_LINK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
        List<String> broken = new ArrayList<>();
        int checked = 0;
        while (links.find()) {
            String target = links.group(1).replaceFirst("#.*$", "");
            if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
                continue;
            }
            checked++;
            if (!Files.exists(
                    doc.getParent() == null ? Path.of(target) : doc.getParent().resolve(target))) {
                broken.add(target);
            }
        }

        assertThat(broken).as("broken links in " + file).isEmpty();
        if (file.endsWith("integration-guide.md")) {
            assertThat(checked).isGreaterThanOrEqualTo(5);
        }
    }
}
