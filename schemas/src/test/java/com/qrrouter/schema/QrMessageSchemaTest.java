package com.qrrouter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.qrrouter.schema.internal.SchemaErrorTranslator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QrMessageSchemaTest {

    private static final QrMessageSchema SCHEMA = QrMessageSchema.v1();
    private static final Examples.Example SEED_SAMPLE = Examples.valid("01-seed-sample");
    private static final String SEED_TEXT = SEED_SAMPLE.text();
    private static final byte[] SEED = SEED_SAMPLE.bytes();

    private static ValidationResult validate(String body) {
        return SCHEMA.validate(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String seedWith(String property, String jsonValue) {
        return SEED_SAMPLE.withJson(property, jsonValue).text();
    }

    @Test
    void v1_whenCalledTwice_returnsTheSameCachedInstance() {
        assertThat(QrMessageSchema.v1()).isSameAs(QrMessageSchema.v1());
    }

    @Test
    void schemaId_whenV1_isTheSchemaFilesId() {
        assertThat(SCHEMA.schemaId()).isEqualTo("https://qr-router.example/schemas/qr-message.v1.schema.json");
        assertThat(SCHEMA.revision()).isEqualTo("1.1");
        assertThat(SCHEMA.schemaJson()).contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"");
    }

    @Test
    void schemaResource_whenReadByOtherModules_isOnTheDocumentedClasspathLocation() throws Exception {
        try (var in = QrMessageSchema.class.getResourceAsStream("/com/qrrouter/schema/qr-message.v1.schema.json")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(SCHEMA.schemaJson());
        }
    }

    @Test
    void validate_whenSeedSample_returnsTheParsedMessage() {
        ValidationResult result = SCHEMA.validate(SEED);

        assertThat(result.isValid()).isTrue();
        assertThat(result.message())
                .contains(new QrMessage(
                        "DemoClient",
                        "vwWT)Np=+6-vGzTiopED",
                        "20231201T231010",
                        "ACTIVE",
                        "LT100LN200",
                        "demo message 26-09 - message 1"));
    }

    @Test
    void validate_whenOptionalFieldsAbsent_leavesThemNull() {
        QrMessage message = SCHEMA.validate(Examples.valid("02-required-only").bytes())
                .message()
                .orElseThrow();

        assertThat(message.location()).isNull();
        assertThat(message.test()).isNull();
    }

    @Test
    void validate_whenNull_returnsInvalidJsonInsteadOfThrowing() {
        ValidationResult result = SCHEMA.validate(null);

        assertThat(result.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo(ValidationErrorCode.INVALID_JSON));
    }

    @Test
    void validate_whenBodyIsExactlyTheBound_acceptsAndOneByteMoreIsTooLarge() {
        String atBound = SEED_TEXT + " ".repeat(QrMessageSchema.MAX_MESSAGE_BYTES - SEED.length);

        assertThat(atBound.getBytes(StandardCharsets.UTF_8)).hasSize(QrMessageSchema.MAX_MESSAGE_BYTES);
        assertThat(validate(atBound).isValid()).isTrue();
        assertThat(validate(atBound + " ").errors())
                .extracting(ValidationError::code)
                .containsExactly(ValidationErrorCode.TOO_LARGE);
    }

    @Test
    void maxMessageBytes_whenComparedWithIotCoreLimit_leavesRoomAndIsStatedInTheSchema() {
        assertThat(QrMessageSchema.MAX_MESSAGE_BYTES).isLessThanOrEqualTo(128 * 1024);
        assertThat(SCHEMA.schemaJson()).contains("at most " + QrMessageSchema.MAX_MESSAGE_BYTES + " bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"20231201T231010", "20240229T000000", "20000229T120000", "19991231T235959"})
    void validate_whenTimeIsARealDateTime_accepts(String time) {
        assertThat(validate(seedWith("Time", "\"" + time + "\"")).isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"20230230T000000", "20230229T000000", "21000229T000000", "20230631T000000"})
    void validate_whenTimeIsNoRealDate_reportsInvalidTime(String time) {
        assertThat(validate(seedWith("Time", "\"" + time + "\"")).errors())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ValidationErrorCode.INVALID_TIME);
                    assertThat(e.pointer()).isEqualTo("/Time");
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"A\\ud800\"",
                "\"A\\uDBFF\"",
                "\"A\\udc00B\"",
                "\"\\ude42\\ud83d\"",
                "\"\\ud83d\\ude42\\ude42\"",
                "\"A\\uFFFE\"",
                "\"A\\uffff\"",
                "\"A\uFFFE\"",
                "\"A\uFFFF\""
            })
    void validate_whenQrCodeOrTestHasACharacterThePipelineCannotCarry_reportsInvalidCharacterWithoutTheValue(
            String jsonValue) {
        for (String property : List.of("QRCode", "TEST")) {
            ValidationResult result = validate(seedWith(property, jsonValue));

            assertThat(result.errors())
                    .extracting(ValidationError::code, ValidationError::pointer)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(ValidationErrorCode.INVALID_CHARACTER, "/" + property));
            assertThat(result.errors().getFirst().message())
                    .contains("U+FFFE")
                    .doesNotContain("A\\u")
                    .doesNotContain("\uFFFE\"");
        }
    }

    @Test
    void validate_whenTwoLoneSurrogatesDiffer_neitherIsAcceptedAsTheSameScan() {
        // Before 1.1 both were valid and both encoded to "A?" in UTF-8: one idempotency key for two scans.
        assertThat("A\uD800".getBytes(StandardCharsets.UTF_8)).isEqualTo("A\uDFFF".getBytes(StandardCharsets.UTF_8));

        assertThat(validate(seedWith("QRCode", "\"A\\ud800\"")).isValid()).isFalse();
        assertThat(validate(seedWith("QRCode", "\"A\\udfff\"")).isValid()).isFalse();
    }

    @Test
    void validate_whenControlCharacterAndNoncharacterTogether_namesTheNoncharacter() {
        assertThat(validate(seedWith("QRCode", "\"A\\u0007\\uFFFE\"")).errors())
                .extracting(ValidationError::code)
                .containsExactly(ValidationErrorCode.INVALID_CHARACTER);
        assertThat(validate(seedWith("QRCode", "\"A\\u0007\"")).errors())
                .extracting(ValidationError::code)
                .containsExactly(ValidationErrorCode.PATTERN);
    }

    @Test
    void validate_whenClientIdHasANoncharacter_reportsInvalidCharacter() {
        assertThat(validate(seedWith("ClientID", "\"Demo\\uFFFF\"")).errors())
                .extracting(ValidationError::code, ValidationError::pointer)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ValidationErrorCode.INVALID_CHARACTER, "/ClientID"));
    }

    @Test
    void validate_whenQrCodeIsManyEmojiAtTheMaximumLength_acceptsWithoutStackOverflow() {
        // 4096 characters (code points), 3000 of them outside the BMP, within the body's byte bound.
        String emoji = "\uD83D\uDE42".repeat(3000) + "x".repeat(1096);
        assertThat(validate(seedWith("QRCode", "\"" + emoji + "\"")).errors()).isEmpty();
        assertThat(validate(seedWith("QRCode", "\"" + emoji + "x\"")).errors())
                .extracting(ValidationError::code)
                .containsExactly(ValidationErrorCode.MAX_LENGTH);
        String escaped = "\\ud83d\\ude42".repeat(1000) + "x".repeat(3096);
        assertThat(validate(seedWith("QRCode", "\"" + escaped + "\"")).errors()).isEmpty();
    }

    @Test
    void validate_whenRevision10Schema_stillAcceptsWhatItAccepted() throws Exception {
        QrMessageSchema v10 = QrMessageSchema.fromJson(java.nio.file.Files.readString(
                java.nio.file.Path.of("releases/v1.0/qr-message.v1.schema.json"), StandardCharsets.UTF_8));

        assertThat(v10.validate(seedWith("QRCode", "\"A\\ud800\"").getBytes(StandardCharsets.UTF_8))
                        .errors())
                .isEmpty();
    }

    @Test
    void validate_whenAPropertyNameHasCharactersSqsRefuses_replacesThemInThePointer() {
        String body = "{\"A\\uFFFE\\u0000\\u007f\\ud83d\\ude42\":1," + SEED_TEXT.substring(1);

        List<ValidationError> errors = validate(body).errors();

        assertThat(errors)
                .extracting(ValidationError::code, ValidationError::pointer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        ValidationErrorCode.UNKNOWN_PROPERTY, "/A\uFFFD\uFFFD\uFFFD\uD83D\uDE42"));
        assertThat(QrMessageSchema.v1()
                        .validate(("{\"\\uffff\":1,\"\\uffff\":2}").getBytes(StandardCharsets.UTF_8))
                        .errors())
                .extracting(ValidationError::pointer)
                .containsExactly("/\uFFFD");
    }

    @Test
    void validate_whenDuplicateKeyInsideNestedValue_pointsAtIt() {
        ValidationResult result = validate(seedWith("LOCATION", "{\"a\":1,\"a\":2}"));

        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ValidationErrorCode.DUPLICATE_KEY);
            assertThat(e.pointer()).isEqualTo("/LOCATION/a");
        });
    }

    @Test
    void validate_whenPropertyNameNeedsEscaping_escapesThePointer() {
        ValidationResult result = validate(seedWith("a/b~c", "1"));

        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ValidationErrorCode.UNKNOWN_PROPERTY);
            assertThat(e.pointer()).isEqualTo("/a~1b~0c");
        });
    }

    @Test
    void validate_whenVeryDeepNesting_reportsTooDeepWithoutStackOverflow() {
        String deep = "[".repeat(8000) + "]".repeat(8000);

        assertThat(validate(deep).errors())
                .extracting(ValidationError::code)
                .containsExactly(ValidationErrorCode.TOO_DEEP);
    }

    @Test
    void validate_whenErrorMessages_sayWhatWasExpected() {
        List<ValidationError> errors =
                validate(seedWith("ClientID", "\"Demo Client\"")).errors();

        assertThat(errors.getFirst().message())
                .isEqualTo("ClientID may contain only the letters A-Z and a-z, the digits 0-9 and _ . -");
        assertThat(validate("{}").errors().getFirst().message())
                .isEqualTo("ClientID is required: a string of 1 to 64 characters that may contain only the letters"
                        + " A-Z and a-z, the digits 0-9 and _ . -");
        assertThat(validate(seedWith("STATE", "\"NEW\"")).errors().getFirst().message())
                .isEqualTo("STATE must be one of ACTIVE, INACTIVE, EXPIRED, BLOCKED");
        assertThat(validate("{\"ClientID\":\"DemoClient\",\"QRCode\":\"vwWT)Np=+6-vGzTiopED\"")
                        .errors()
                        .getFirst()
                        .message())
                .startsWith("the body is not valid JSON: syntax error at line 1, column ")
                .doesNotContain("vwWT");
    }

    @Test
    void validate_whenMalformedJsonQuotesTheQrCode_doesNotEchoIt() {
        String body = "{\"ClientID\":\"DemoClient\",\"QRCode\":vwWT)Np=+6-vGzTiopED}";

        assertThat(validate(body).errors())
                .allSatisfy(e -> assertThat(e.message()).doesNotContain("vwWT"));
    }

    @Test
    void qrMessage_whenPrinted_masksTheQrCode() {
        QrMessage message = SCHEMA.validate(SEED).message().orElseThrow();

        assertThat(message.toString()).contains("DemoClient").doesNotContain("vwWT");
    }

    @Test
    void validationResult_whenErrorsAndMessageDisagree_isRefused() {
        QrMessage message = SCHEMA.validate(SEED).message().orElseThrow();
        ValidationError error = new ValidationError(ValidationErrorCode.TYPE, "/QRCode", "QRCode must be a string");

        assertThatThrownBy(() -> new ValidationResult(List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ValidationResult(List.of(error), Optional.of(message)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validate_whenRandomBytesAndMutations_neverThrowsAndKeepsTheResultInvariant() {
        Random random = new Random(20261123L);
        byte[] alphabet = "{}[]\":,\\ \n\t0123456789.eE+-truefalsnulABCDXYZ\u00e9T".getBytes(StandardCharsets.UTF_8);
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] body;
            if (i % 2 == 0) {
                body = SEED.clone();
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    body[random.nextInt(body.length)] = random.nextBoolean()
                            ? alphabet[random.nextInt(alphabet.length)]
                            : (byte) random.nextInt(256);
                }
            } else {
                body = new byte[random.nextInt(64)];
                random.nextBytes(body);
            }
            ValidationResult result = SCHEMA.validate(body);
            assertThat(result.isValid()).isEqualTo(result.message().isPresent());
            assertThat(result.errors()).allSatisfy(e -> {
                assertThat(e.message()).isNotBlank();
                assertThat(e.pointer()).matches("(?s)^(|/.*)$");
            });
            valid += result.isValid() ? 1 : 0;
        }
        // Some single-byte mutations keep the message valid (e.g. a letter of TEST); most do not.
        assertThat(valid).isBetween(1, 10_000);
    }

    @Test
    void validate_whenCalledFromManyThreads_givesTheSameAnswers() throws Exception {
        List<ExampleFiles.Example> examples = new ArrayList<>(ExampleFiles.valid());
        examples.addAll(ExampleFiles.invalid());
        List<ValidationResult> expected =
                examples.stream().map(e -> SCHEMA.validate(e.body())).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<ValidationResult>>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> {
                    List<ValidationResult> results = new ArrayList<>();
                    for (int round = 0; round < 20; round++) {
                        results.clear();
                        examples.forEach(e -> results.add(SCHEMA.validate(e.body())));
                    }
                    return results;
                }));
            }
            for (Future<List<ValidationResult>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void schema_whenEveryConstraintKeywordIsListed_eachHasItsOwnErrorCode() throws Exception {
        var annotations = Set.of("title", "description", "examples", "type");
        var schema = new ObjectMapper().readTree(SCHEMA.schemaJson());
        List<String> unmapped = new ArrayList<>();
        schema.path("properties")
                .forEach(property -> property.fieldNames().forEachRemaining(keyword -> {
                    if (!annotations.contains(keyword)
                            && !keyword.startsWith("x-")
                            && SchemaErrorTranslator.codeOf(keyword) == ValidationErrorCode.CONSTRAINT) {
                        unmapped.add(keyword);
                    }
                }));
        schema.fieldNames().forEachRemaining(keyword -> {
            if (keyword.equals("required") || keyword.equals("additionalProperties")) {
                assertThat(SchemaErrorTranslator.codeOf(keyword)).isNotEqualTo(ValidationErrorCode.CONSTRAINT);
            }
        });

        assertThat(unmapped).as("give these keywords a ValidationErrorCode").isEmpty();
    }

    @Test
    void schemaFile_whenCheckedAgainstTheDraft202012MetaSchema_isValid() throws Exception {
        var metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        var mapper = new ObjectMapper();

        assertThat(metaSchema.validate(mapper.readTree(SCHEMA.schemaJson()))).isEmpty();
        assertThat(metaSchema.validate(mapper.readTree("{\"properties\":{\"a\":{\"minLength\":\"x\"}}}")))
                .isNotEmpty();
    }
}
