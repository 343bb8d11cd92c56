package com.qrrouter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Relative links in the README and the docs point at files that exist, so docs cannot silently go stale. */
class DocsLinksTest {

    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    /** The contract's own docs, the repository README and every Markdown page under docs/ (decisions included). */
    static Stream<String> documents() throws IOException {
        List<String> files = new ArrayList<>(List.of(
                "../docs/api/openapi.yaml",
                "../docs/api/asyncapi.yaml",
                "../README.md",
                "README.md",
                "CHANGELOG.md",
                "releases/README.md",
                "tooling/README.md"));
        try (Stream<Path> docs = Files.walk(Path.of("../docs"))) {
            docs.filter(path -> path.toString().endsWith(".md"))
                    .map(Path::toString)
                    .sorted()
                    .forEach(files::add);
        }
        return files.stream();
    }

    @Test
    void documents_whenListed_includeEveryDocsPage() throws IOException {
        assertThat(documents())
                .contains("../docs/integration-guide.md", "../docs/deploy.md", "../docs/router.md")
                .anyMatch(file -> file.startsWith("../docs/decisions/"));
    }

    @ParameterizedTest
    @MethodSource("documents")
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
