package com.qrrouter.infra;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.settings.E2eNames;
import com.qrrouter.settings.PipelineSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The integrating teams of a stage: each team is one or two Cognito app clients ("generations", two while it rotates),
 * and its name is what the API writes into every message it accepts from those clients ({@code CallerTeam}) and what
 * a route names in {@code AllowedTeams}.
 *
 * <p>Teams are configuration, not code: each stage's are declared in {@code infra/teams/<stage>.json} ({@link
 * #file(String)}), reviewed like code, and {@code cdk deploy} creates the clients of a new team or generation and
 * deletes those no longer declared (docs/deploy.md, "Teams"; decision 0330). The file is read and checked before
 * anything is synthesized: every problem is reported at once, with how to fix it.
 *
 * <pre>{@code
 * {"teams": [{"name": "demo-team", "generations": ["1"]},
 *            {"name": "door-vendor", "generations": ["2026a", "2026b"]}]}
 * }</pre>
 *
 * @param teams the declared teams, in file order
 */
public record StageTeams(List<Team> teams) {

    /**
     * What the API writes as {@code CallerTeam} when the caller's app client is none of the declared ones (a client
     * created by hand in the pool, or one that a deployment has just revoked). No team may take this name, so no route
     * can admit it.
     */
    public static final String UNREGISTERED = PipelineSettings.UNREGISTERED_CALLER;

    /**
     * Team names: lowercase ASCII letters, digits and inner hyphens, 2 to 32 characters, starting with a letter. They
     * travel in an SQS attribute, a DynamoDB string set and a VTL string literal: no character there needs escaping.
     */
    public static final Pattern TEAM_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}[a-z0-9]");

    /** Generation labels: 1 to 16 lowercase ASCII letters and digits, e.g. {@code 1} or {@code 2026b}. */
    public static final Pattern GENERATION = Pattern.compile("[a-z0-9]{1,16}");

    /** A team holds one client, or two while it rotates from the older to the newer. */
    public static final int MAX_GENERATIONS = 2;

    /** The folder of the per-stage team files, relative to the infra folder (where {@code cdk} runs the app). */
    public static final Path DIRECTORY = Path.of("teams");

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One integrating team.
     *
     * @param name the team's name, {@link #TEAM_NAME}
     * @param generations labels of its app clients ({@link #GENERATION}), one or two; the last is the newest
     */
    public record Team(String name, List<String> generations) {

        public Team {
            Objects.requireNonNull(name, "Team.name");
            generations = List.copyOf(Objects.requireNonNull(generations, "Team.generations"));
        }

        /** The Cognito app client name of {@code generation}: {@code <team>.<generation>}. */
        public String clientName(String generation) {
            return name + "." + generation;
        }

        /** The newest generation: the client a new integration (or the e2e suite) uses. */
        public String newestGeneration() {
            return generations.get(generations.size() - 1);
        }
    }

    public StageTeams {
        teams = List.copyOf(Objects.requireNonNull(teams, "teams"));
        List<String> problems = problems(teams);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(describe("The team declaration", problems));
        }
    }

    /** No team: the API admits tokens of no declared client ({@code CallerTeam} is {@value #UNREGISTERED}). */
    public static StageTeams none() {
        return new StageTeams(List.of());
    }

    /** The team file of {@code stage}, relative to the infra folder: {@code teams/<stage>.json}. */
    public static Path file(String stage) {
        return DIRECTORY.resolve(stage + ".json");
    }

    /**
     * Reads a team file.
     *
     * @throws IllegalArgumentException if the file is missing, is not the expected JSON, or declares an invalid team,
     *     naming the file, every problem and how to fix it
     */
    public static StageTeams read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("The team file " + file.toAbsolutePath()
                    + " does not exist: declare the stage's teams there, e.g. {\"teams\": [{\"name\": \"demo-team\","
                    + " \"generations\": [\"1\"]}]} (docs/deploy.md, Teams)");
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the team file " + file, e);
        }
    }

    /** Parses the JSON of a team file; {@code source} names it in error messages. */
    public static StageTeams parse(String json, String source) {
        Declaration declaration;
        try {
            declaration = JSON.readValue(json, Declaration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The team file " + source + " is not a team declaration ("
                    + e.getOriginalMessage() + "): write {\"teams\": [{\"name\": \"<team>\", \"generations\":"
                    + " [\"1\"]}, …]} (docs/deploy.md, Teams)");
        }
        if (declaration == null || declaration.teams() == null) {
            throw new IllegalArgumentException("The team file " + source
                    + " has no \"teams\" array: write {\"teams\": []} for a stage without teams");
        }
        List<Team> teams = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < declaration.teams().size(); i++) {
            DeclaredTeam team = declaration.teams().get(i);
            if (team == null || team.name() == null || team.generations() == null) {
                problems.add("team #" + (i + 1) + " needs a \"name\" and \"generations\", e.g. {\"name\":"
                        + " \"demo-team\", \"generations\": [\"1\"]}");
            } else if (team.generations().contains(null)) {
                problems.add("team '" + team.name() + "' has a null generation: use labels such as \"1\"");
            } else {
                teams.add(new Team(team.name(), team.generations()));
            }
        }
        problems.addAll(problems(teams));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(describe("The team file " + source, problems));
        }
        return new StageTeams(teams);
    }

    /** The team called {@code name}, if declared. */
    public Optional<Team> team(String name) {
        return teams.stream().filter(team -> team.name().equals(name)).findFirst();
    }

    /**
     * Why this declaration cannot serve {@code stage}, or empty if it can: a stage with the e2e tester policy must
     * declare the e2e suite's team {@link E2eNames#TEAM}, so that the suite has a client of its own.
     */
    public Optional<String> problemFor(StageConfig stage) {
        if (stage.e2eTesterPolicy() && team(E2eNames.TEAM).isEmpty()) {
            return Optional.of("Stage " + stage.stageName() + " offers the e2e tester policy but its team file"
                    + " declares no team '" + E2eNames.TEAM + "': add {\"name\": \"" + E2eNames.TEAM
                    + "\", \"generations\": [\"1\"]} to " + file(stage.stageName()));
        }
        return Optional.empty();
    }

    private static List<String> problems(List<Team> teams) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Team team : teams) {
            String name = team.name();
            if (!TEAM_NAME.matcher(name).matches()) {
                problems.add("team name '" + printable(name) + "' is not allowed: use 2 to 32 lowercase letters,"
                        + " digits and inner hyphens, starting with a letter, e.g. door-vendor");
            } else if (name.equals(UNREGISTERED)) {
                problems.add("team name '" + UNREGISTERED + "' is reserved (the API writes it for a caller whose"
                        + " client is not declared): choose another name");
            }
            if (!names.add(name)) {
                problems.add("team '" + printable(name) + "' is declared twice: declare each team once, with its"
                        + " generations in one list");
            }
            List<String> generations = team.generations();
            if (generations.isEmpty()) {
                problems.add("team '" + printable(name) + "' has no generation: to revoke a team, remove it from"
                        + " the file; else give it one, e.g. \"generations\": [\"1\"]");
            }
            if (generations.size() > MAX_GENERATIONS) {
                problems.add("team '" + printable(name) + "' has " + generations.size() + " generations: at most "
                        + MAX_GENERATIONS + " (the current one and the one it rotates to); remove the oldest once"
                        + " the team uses the newer");
            }
            Set<String> seen = new HashSet<>();
            for (String generation : generations) {
                if (!GENERATION.matcher(generation).matches()) {
                    problems.add("generation '" + printable(generation) + "' of team '" + printable(name)
                            + "' is not allowed: use 1 to 16 lowercase letters and digits, e.g. \"2\"");
                }
                if (!seen.add(generation)) {
                    problems.add("generation '" + printable(generation) + "' of team '" + printable(name)
                            + "' is listed twice: each generation is one app client");
                }
            }
        }
        return problems;
    }

    private static String describe(String what, List<String> problems) {
        return String.format(
                Locale.ROOT,
                "%s is invalid (%d problem%s):%n- %s",
                what,
                problems.size(),
                problems.size() == 1 ? "" : "s",
                String.join(System.lineSeparator() + "- ", problems));
    }

    /** A name as it can be shown in one line: control characters as {@code \\uXXXX}. */
    private static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format(Locale.ROOT, "\\u%04X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }

    /** The file's shape; {@code $comment} is free text for the reader (JSON has no comments). */
    private record Declaration(@JsonProperty("$comment") String comment, List<DeclaredTeam> teams) {}

    private record DeclaredTeam(String name, List<String> generations) {}
}
