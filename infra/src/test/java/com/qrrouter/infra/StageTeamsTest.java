package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.settings.E2eNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The per-stage team files: read, typed and checked before anything is synthesized. */
class StageTeamsTest {

    private static StageTeams parse(String json) {
        return StageTeams.parse(json, "test.json");
    }

    private static String oneTeam(String name, String... generations) {
        return "{\"teams\":[{\"name\":\"" + name + "\",\"generations\":[\"" + String.join("\",\"", generations)
                + "\"]}]}";
    }

    @Test
    void parse_whenTeamsDeclared_keepsTheirOrderAndGenerations() {
        StageTeams teams = parse("{\"$comment\":\"who may post\",\"teams\":["
                + "{\"name\":\"demo-team\",\"generations\":[\"1\"]},"
                + "{\"name\":\"door-vendor\",\"generations\":[\"2026a\",\"2026b\"]}]}");

        assertThat(teams.teams())
                .containsExactly(
                        new StageTeams.Team("demo-team", List.of("1")),
                        new StageTeams.Team("door-vendor", List.of("2026a", "2026b")));
        assertThat(teams.team("door-vendor").orElseThrow().newestGeneration()).isEqualTo("2026b");
        assertThat(teams.team("door-vendor").orElseThrow().clientName("2026a")).isEqualTo("door-vendor.2026a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Demo", "-demo", "demo-", "d", "demo_team", "demo team", "démo", "a')#set($x", "x\u0000y"})
    void parse_whenTeamNameNotAllowed_refusesItWithTheRule(String name) {
        assertThatThrownBy(() -> parse(oneTeam(name.replace("\u0000", "\\u0000"), "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The team file test.json is invalid")
                .hasMessageContaining("is not allowed: use 2 to 32 lowercase letters, digits and inner hyphens");
    }

    @Test
    void parse_whenTeamNameTooLong_refusesIt() {
        assertThatThrownBy(() -> parse(oneTeam("a".repeat(33), "1"))).hasMessageContaining("is not allowed");
        assertThat(parse(oneTeam("a".repeat(32), "1")).teams()).hasSize(1);
    }

    @Test
    void parse_whenTeamCalledTheUnregisteredMarker_refusesIt() {
        assertThatThrownBy(() -> parse(oneTeam(StageTeams.UNREGISTERED, "1")))
                .hasMessageContaining("team name 'unregistered' is reserved");
    }

    @Test
    void parse_whenGenerationsMissingTooManyRepeatedOrBadlyNamed_saysHowToFixEach() {
        assertThatThrownBy(() -> parse("{\"teams\":[{\"name\":\"a-team\",\"generations\":[]}]}"))
                .hasMessageContaining("team 'a-team' has no generation: to revoke a team, remove it from the file");
        assertThatThrownBy(() -> parse(oneTeam("a-team", "1", "2", "3")))
                .hasMessageContaining("team 'a-team' has 3 generations: at most 2");
        assertThatThrownBy(() -> parse(oneTeam("a-team", "1", "1")))
                .hasMessageContaining("generation '1' of team 'a-team' is listed twice");
        assertThatThrownBy(() -> parse(oneTeam("a-team", "v.1")))
                .hasMessageContaining("generation 'v.1' of team 'a-team' is not allowed");
    }

    @Test
    void parse_whenSeveralProblems_listsEveryOne() {
        assertThatThrownBy(() -> parse("{\"teams\":[{\"name\":\"Bad\",\"generations\":[\"1\"]},"
                        + "{\"name\":\"ok-team\",\"generations\":[\"1\"]},{\"name\":\"ok-team\",\"generations\":[\"2\"]},"
                        + "{\"generations\":[\"1\"]}]}"))
                .hasMessageContaining("(3 problems)")
                .hasMessageContaining("team #4 needs a \"name\"")
                .hasMessageContaining("'Bad' is not allowed")
                .hasMessageContaining("team 'ok-team' is declared twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{\"team\":[]}", "{\"teams\":[{\"name\":\"a-team\",\"clients\":[\"1\"]}]}", "nope"})
    void parse_whenNotATeamDeclaration_showsTheExpectedShape(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The team file test.json is not a team declaration")
                .hasMessageContaining("\"generations\"");
    }

    @Test
    void parse_whenNoTeamsKey_saysHowToDeclareNone() {
        assertThatThrownBy(() -> parse("{}")).hasMessageContaining("write {\"teams\": []} for a stage without teams");
        assertThat(parse("{\"teams\":[]}")).isEqualTo(StageTeams.none());
    }

    @Test
    void read_whenFileMissing_namesItAndTheShape(@TempDir Path dir) {
        assertThatThrownBy(() -> StageTeams.read(dir.resolve("qa.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qa.json does not exist")
                .hasMessageContaining("docs/deploy.md, Teams");
    }

    @Test
    void read_whenFileValid_readsIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("dev.json"), oneTeam("demo-team", "1"));
        assertThat(StageTeams.read(file).teams())
                .extracting(StageTeams.Team::name)
                .containsExactly("demo-team");
    }

    @Test
    void committedFiles_whenRead_declareEveryStageValidlyAndTheE2eTeamWhereTheSuiteRuns() {
        for (String stage : StageConfig.STAGES) {
            StageTeams teams = StageTeams.read(StageTeams.file(stage));
            StageConfig config = StageConfig.forStage(stage);
            assertThat(teams.problemFor(config)).as(stage).isEmpty();
            assertThat(teams.team(E2eNames.TEAM).isPresent()).as(stage).isEqualTo(config.e2eTesterPolicy());
            assertThat(teams.team("demo-team"))
                    .as("the seed route's team on %s", stage)
                    .isPresent();
        }
    }

    @Test
    void deployDoc_whenQuotingATeamFileError_quotesTheParsersMessage() throws Exception {
        String doc = Files.readString(Path.of("../docs/deploy.md")).replaceAll("\\s+", " ");
        assertThatThrownBy(() -> parse(oneTeam("Door_Vendor", "1"))).satisfies(e -> {
            String problem = e.getMessage().substring(e.getMessage().indexOf("- ") + 2);
            assertThat(doc).as("deploy.md quotes: %s", problem).contains(problem);
        });
    }

    @Test
    void problemFor_whenTesterStageLacksTheE2eTeam_namesTheFileAndTheEntryToAdd() {
        assertThat(parse(oneTeam("demo-team", "1")).problemFor(StageConfig.forStage("stag")))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .contains("declares no team 'e2e-team'")
                        .contains("{\"name\": \"e2e-team\", \"generations\": [\"1\"]}")
                        .contains("teams/stag.json"));
        assertThat(parse(oneTeam("demo-team", "1")).problemFor(StageConfig.forStage("prod")))
                .isEmpty();
    }
}
