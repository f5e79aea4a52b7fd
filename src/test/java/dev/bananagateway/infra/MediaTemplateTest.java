package dev.bananagateway.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.config.TestConfigs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The media bucket in both templates: private, encrypted, TLS only, lifecycle rules matching the
 * configuration's retention defaults, and per function exactly the S3 rights on exactly the
 * prefixes it needs. (The rest of the templates: {@link TemplateTest}, whose parsing this reuses.)
 */
class MediaTemplateTest {

    private static final String BUCKET = "MediaBucket";
    private static final Map<String, Object> OUTPUTS = Map.of("Fn::Sub", "${" + BUCKET + ".Arn}/outputs/*");
    private static final Map<String, Object> BUCKET_ARN = Map.of("Fn::GetAtt", List.of(BUCKET, "Arn"));
    private static final Set<Grant> COPIER = Set.of(new Grant("s3:GetObject", OUTPUTS),
            new Grant("s3:PutObject", OUTPUTS), new Grant("s3:AbortMultipartUpload", OUTPUTS),
            new Grant("s3:ListBucket", BUCKET_ARN));
    private static final Map<String, Object> UPLOADS = Map.of("Fn::Sub", "${" + BUCKET + ".Arn}/uploads/*");
    private static final Set<Grant> SIGNER = Set.of(new Grant("s3:GetObject", OUTPUTS));
    /** Submit also records uploads and signs their PUT, then reads them to check and signs a provider's GET. */
    private static final Set<Grant> SUBMITTER = Set.of(new Grant("s3:GetObject", OUTPUTS),
            new Grant("s3:GetObject", UPLOADS), new Grant("s3:PutObject", UPLOADS));

    /**
     * Funqy export -> its S3 rights: the copiers store outputs, the readers sign links to them, and
     * submit handles uploads (no other function may touch uploads/).
     */
    private static final Map<String, Set<Grant>> S3_RIGHTS = Map.of(
            "callback", COPIER,
            "sweeper", COPIER,
            "status", SIGNER,
            "cancel", SIGNER,
            "submit", SUBMITTER);

    record Grant(String action, Object resource) {
    }

    private static final Map<Path, Map<String, Object>> templates = new TreeMap<>();

    @BeforeAll
    static void load() throws IOException {
        for (String name : List.of("template.yaml", "template-jvm.yaml")) {
            templates.put(Path.of(name), TemplateTest.parse(Path.of(name).toAbsolutePath()));
        }
    }

    @Test
    void theBucketIsPrivateEncryptedAndRefusesPlainHttp() {
        templates.forEach((file, template) -> {
            Map<String, Object> bucket = TemplateTest.resourcesOfType(template, "AWS::S3::Bucket").get(BUCKET);
            assertTrue(bucket != null, file + " has no " + BUCKET);
            Map<String, Object> props = TemplateTest.props(bucket);
            Map<String, Object> block = TemplateTest.map(props.get("PublicAccessBlockConfiguration"));
            for (String flag : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
                assertEquals(Boolean.TRUE, block.get(flag), file + ": " + flag);
            }
            Map<String, Object> sse = TemplateTest.map(TemplateTest.map(TemplateTest.list(TemplateTest.map(
                    props.get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).get(0))
                    .get("ServerSideEncryptionByDefault"));
            assertTrue(Set.of("AES256", "aws:kms").contains(sse.get("SSEAlgorithm")), file + ": encryption");
            assertEquals("BucketOwnerEnforced", TemplateTest.map(TemplateTest.list(TemplateTest.map(
                    props.get("OwnershipControls")).get("Rules")).get(0)).get("ObjectOwnership"), file + ": no ACLs");

            Map<String, Object> policy = TemplateTest.resourcesOfType(template, "AWS::S3::BucketPolicy").values()
                    .iterator().next();
            assertEquals(Map.of("Ref", BUCKET), TemplateTest.props(policy).get("Bucket"));
            boolean deniesPlainHttp = TemplateTest.list(TemplateTest.map(TemplateTest.props(policy)
                    .get("PolicyDocument")).get("Statement")).stream().map(TemplateTest::map)
                    .anyMatch(s -> "Deny".equals(s.get("Effect")) && "s3:*".equals(s.get("Action"))
                            && TemplateTest.list(s.get("Resource")).containsAll(List.of(BUCKET_ARN,
                                    Map.of("Fn::Sub", "${" + BUCKET + ".Arn}/*")))
                            && Map.of("Bool", Map.of("aws:SecureTransport", "false")).equals(s.get("Condition")));
            assertTrue(deniesPlainHttp, file + ": the bucket policy must deny non-TLS access to bucket and objects");
        });
    }

    @Test
    void lifecycleRulesMatchTheConfiguredRetentions() {
        GatewayConfig defaults = TestConfigs.gateway(Map.of());
        templates.forEach((file, template) -> {
            Map<String, Object> parameters = TemplateTest.map(template.get("Parameters"));
            assertEquals(defaults.media().retention().toDays(), ((Number) TemplateTest.map(
                    parameters.get("MediaRetentionDays")).get("Default")).longValue(), file + ": output retention");
            assertEquals(defaults.tasks().retention(), defaults.media().retention(),
                    "outputs live as long as their tasks by default");
            assertEquals(defaults.media().uploadRetention().toDays(), ((Number) TemplateTest.map(
                    parameters.get("UploadRetentionDays")).get("Default")).longValue(), file + ": upload retention");

            List<Map<String, Object>> rules = TemplateTest.list(TemplateTest.map(TemplateTest.props(
                    TemplateTest.resourcesOfType(template, "AWS::S3::Bucket").get(BUCKET))
                    .get("LifecycleConfiguration")).get("Rules")).stream().map(TemplateTest::map).toList();
            assertTrue(rules.stream().allMatch(r -> "Enabled".equals(r.get("Status"))), file + ": rules enabled");
            assertTrue(rules.stream().anyMatch(r -> "outputs/".equals(r.get("Prefix"))
                    && Map.of("Ref", "MediaRetentionDays").equals(r.get("ExpirationInDays"))), file + ": outputs expire");
            assertTrue(rules.stream().anyMatch(r -> "uploads/".equals(r.get("Prefix"))
                    && Map.of("Ref", "UploadRetentionDays").equals(r.get("ExpirationInDays"))), file + ": uploads expire");
            assertTrue(rules.stream().anyMatch(r -> r.get("Prefix") == null
                    && r.get("AbortIncompleteMultipartUpload") != null), file + ": stale multipart uploads aborted");
        });
    }

    @Test
    void everyFunctionKnowsTheBucketAndItsRetentions() {
        templates.forEach((file, template) -> TemplateTest.functionsByExport(file, template).forEach((export, f) -> {
            Map<String, Object> env = TemplateTest.environment(template, f);
            assertEquals(Map.of("Ref", BUCKET), env.get("MEDIA_BUCKET"), file + ": " + export);
            assertEquals(Map.of("Fn::Sub", "${MediaRetentionDays}D"), env.get("MEDIA_RETENTION"), file + ": " + export);
            assertEquals(Map.of("Fn::Sub", "${UploadRetentionDays}D"), env.get("MEDIA_UPLOAD_RETENTION"),
                    file + ": " + export);
        }));
    }

    @Test
    void eachFunctionHasExactlyItsS3RightsOnItsPrefixes() {
        templates.forEach((file, template) -> TemplateTest.functionsByExport(file, template).forEach((export, f) -> {
            Set<Grant> grants = new TreeSet<>(java.util.Comparator.comparing(Grant::action)
                    .thenComparing(g -> g.resource().toString()));
            for (Object policy : TemplateTest.list(TemplateTest.props(f).get("Policies"))) {
                for (Object s : TemplateTest.list(TemplateTest.map(policy).get("Statement"))) {
                    Map<String, Object> statement = TemplateTest.map(s);
                    List<Object> actions = statement.get("Action") instanceof List<?> l ? List.copyOf(l)
                            : List.of(statement.get("Action"));
                    for (Object action : actions) {
                        String a = (String) action;
                        if (!a.startsWith("s3:")) {
                            continue;
                        }
                        assertFalse(a.contains("*"), file + ": " + export + " wildcard action " + a);
                        grants.add(new Grant(a, statement.get("Resource")));
                        if (a.equals("s3:ListBucket")) {
                            assertEquals(Map.of("StringLike", Map.of("s3:prefix", "outputs/*")),
                                    statement.get("Condition"), file + ": " + export + " lists outputs/ only");
                        }
                    }
                }
            }
            assertEquals(S3_RIGHTS.get(export), Set.copyOf(grants), file + ": " + export + " S3 rights");
        }));
    }
}
