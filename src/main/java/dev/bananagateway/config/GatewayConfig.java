package dev.bananagateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * All of the gateway's configuration, bound once. Each key's default is here ({@code @WithDefault})
 * and nowhere else; application.properties binds environment variables to keys, holds each
 * provider's block and the dev and test profiles. Rules that span keys are checked at start-up by
 * {@link ConfigRules}. Durations take the ISO-8601 short form Quarkus reads ({@code 30S}, {@code 2M}).
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** The DynamoDB table for tasks, idempotency keys and provider health. */
    @WithDefault("banana-gateway-tasks")
    String tableName();

    /**
     * The public base URL that providers call back (a custom domain); unset, it is derived from the
     * request (API Gateway's domain name and stage).
     */
    Optional<String> publicBaseUrl();

    /** HMAC secret of the callback URL tokens; unset, no callback URL is handed to providers. */
    Optional<String> callbackSecret();

    /** Signing secret of caller webhooks ({@code whsec_} + base64, Standard Webhooks); unset, none are signed. */
    Optional<String> webhookSecret();

    /**
     * HMAC secret of the list route's page cursors (at least 32 characters): a cursor another caller
     * or an edit produced is refused. Unset, the list route answers 500 (the status function needs it).
     */
    Optional<String> cursorSecret();

    @WithName("wait")
    Wait waiting();

    Submit submit();

    Tasks tasks();

    Idempotency idempotency();

    Poll poll();

    Sweeper sweeper();

    Webhooks webhooks();

    Routing routing();

    ProviderCalls providerCalls();

    /** One block per provider, by provider id ({@code gateway.providers.revid.api-key}, ...). */
    Map<String, ProviderConfig> providers();

    Simulator simulator();

    Local local();

    /** {@code Prefer: wait=N} on submit and status (RFC 7240). */
    interface Wait {
        /** The longest wait a caller gets; a longer one asked for is cut to this (under the functions' timeouts). */
        @WithDefault("20S")
        Duration max();

        /** The first re-read of the task; the interval doubles from there. */
        @WithDefault("0.5S")
        Duration firstInterval();

        /** The longest interval between two reads of a waited-on task. */
        @WithDefault("2S")
        Duration maxInterval();
    }

    Metrics metrics();

    Secrets secrets();

    Media media();

    interface Submit {
        /**
         * A submit answers within this time (under the submit function's 28 s timeout and the HTTP
         * API's 30 s limit); it fails over only when the next provider call fits in what is left.
         */
        @WithDefault("24S")
        Duration budget();
    }

    interface Tasks {
        /** An image task not terminal by then ends FAILED/TIMEOUT. */
        @WithDefault("15M")
        Duration imageDeadline();

        @WithDefault("30M")
        Duration videoDeadline();

        /** How long a QUEUED task may wait for its submit to finish before the sweeper resolves it. */
        @WithDefault("2M")
        Duration queuedGrace();

        /** How long task items are kept (DynamoDB TTL). */
        @WithDefault("30D")
        Duration retention();
    }

    interface Idempotency {
        /** How long an Idempotency-Key answers with its first task. */
        @WithDefault("24H")
        Duration retention();

        /**
         * How long a claimed key whose task was never written (its submit died between the two
         * writes) blocks the key; after it, the next submit with the key takes the claim over.
         */
        @WithDefault("5S")
        Duration claimGrace();
    }

    interface Poll {
        /** First poll of a task at a provider without callbacks. */
        @WithDefault("3S")
        Duration first();

        /** Longest interval between polls as the backoff grows. */
        @WithDefault("30S")
        Duration max();

        /** First safety-net poll of a task at a provider that calls back. */
        @WithDefault("60S")
        Duration callbackFirst();

        @WithDefault("5M")
        Duration callbackMax();
    }

    interface Sweeper {
        /**
         * Shards of the due index, and so the most sweeper workers one dispatch starts (one per shard
         * with work due). Changing it loses no task: shards a smaller count no longer names are still
         * swept, and a task moves to its new shard at its next write.
         */
        @WithDefault("16")
        int shards();

        /**
         * The sweeper function a dispatch invokes asynchronously, once per shard with work due
         * ({@code {"shard": k}}): itself (Lambda sets AWS_LAMBDA_FUNCTION_NAME). Unset outside Lambda,
         * where the workers run in the process.
         */
        Optional<String> functionName();

        /** The version or alias those invocations name (Lambda sets AWS_LAMBDA_FUNCTION_VERSION); unset, $LATEST. */
        Optional<String> functionQualifier();

        /** Tasks worked at once in one run. */
        @WithDefault("16")
        int concurrency();

        /** Due tasks read per index page. */
        @WithDefault("100")
        int batchSize();

        /** A scheduled run takes work until shortly before this (under the function's 60 s timeout). */
        @WithDefault("50S")
        Duration runBudget();
    }

    interface Webhooks {
        /** One delivery attempt's timeout. */
        @WithDefault("5S")
        Duration timeout();

        @WithDefault("8")
        int maxAttempts();

        /** First retry delay; it doubles per attempt. */
        @WithDefault("30S")
        Duration backoff();

        /** The longest one delivery can take before it times out (connect, then the answer). */
        default Duration longestDelivery() {
            return timeout().multipliedBy(2);
        }

        /** Hosts allowed although they resolve to private addresses (local runs and tests only). */
        Optional<Set<String>> allowedPrivateHosts();
    }

    interface Routing {
        /** Provider ids in order of preference; unset, the cheapest capable provider goes first. */
        Optional<List<String>> priority();

        /** Consecutive failed creates after which a provider is tried last. */
        @WithDefault("3")
        int failureThreshold();

        /** How long a failing provider stays last. */
        @WithDefault("60S")
        Duration cooldown();

        /** How often an instance re-reads provider health from the table. */
        @WithDefault("15S")
        Duration healthRefresh();
    }

    interface ProviderCalls {
        @WithDefault("3S")
        Duration connectTimeout();

        @WithDefault("10S")
        Duration readTimeout();

        /** The longest one provider call can take before it times out. */
        default Duration longestCall() {
            return connectTimeout().plus(readTimeout());
        }
    }

    interface ProviderConfig {
        /** The provider's public base URL, called when an API key is set. */
        Optional<String> url();

        /** The API key; set, the provider is called for real, unset it is simulated (local) or disabled. */
        Optional<String> apiKey();

        /** Switches the provider off whatever else is set. */
        @WithDefault("true")
        boolean enabled();

        /** Whether the account has the provider's subscription plan (imgeditor: nano-banana-2, seedream-4). */
        @WithDefault("false")
        boolean subscription();

        /** The key's request budget, where the provider states one (imgeditor: 60). */
        OptionalInt requestsPerMinute();

        /*
         * Prices no provider document gives. Their defaults differ per provider, so each is the
         * adapter's stated assumption (README "Pricing" lists them), not a @WithDefault: a price resting
         * on one is known to be an assumption, and routing ranks it after documented and configured
         * prices.
         */

        /**
         * USD per provider credit, for a provider that bills in credits and publishes no rate (nbpcloud,
         * crun, imgeditor): converts its credits to USD, estimated and reported alike.
         */
        OptionalDouble usdPerCredit();

        /** USD per task, by the provider's model id, for models no document prices (crun). */
        Map<String, Double> priceUsd();

        /**
         * Credits per second of video, by model id, for video models whose credits no document gives
         * (imgeditor: all but veo-3.1-fast), whatever the resolution and audio.
         */
        Map<String, Double> videoCreditsPerSecond();
    }

    interface Simulator {
        /** The provider simulator's base URL: providers without a key are called there (local runs, tests). */
        Optional<String> url();
    }

    /** The local stack ({@code ./mvnw quarkus:dev}); unused in Lambda. */
    interface Local {
        /** DynamoDB Local's port; the local DynamoDB client's endpoint follows it. */
        @WithDefault("8000")
        int dynamodbPort();

        /**
         * A folder where DynamoDB Local keeps its data, so that tasks survive a restart; unset, the
         * data is in memory and gone when the run ends.
         */
        Optional<String> dynamodbPath();

        /** The provider simulator's port; {@code gateway.simulator.url} follows it. */
        @WithDefault("8090")
        int simulatorPort();

        @WithDefault("localhost")
        String apiHost();

        /** The local API Gateway bridge. */
        @WithDefault("8080")
        int apiPort();

        @WithDefault("2S")
        Duration sweepInterval();

        /** The embedded S3 server (media bucket). */
        @WithDefault("9000")
        int s3Port();
    }

    /** The media bucket: outputs copied out of the providers' hands, and caller uploads. */
    interface Media {
        /** The S3 bucket holding {@code outputs/} and {@code uploads/}. */
        @WithDefault("banana-gateway-media")
        String bucket();

        /** An S3-compatible endpoint instead of AWS's (the local stack's embedded server); path-style then. */
        Optional<java.net.URI> endpointOverride();

        /** Static credentials for the endpoint override (local runs and tests); unset, the SDK's default chain. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** How long stored outputs live (the bucket's lifecycle rule); the task retention by default. */
        @WithDefault("30D")
        Duration retention();

        /** How long caller uploads live (the bucket's lifecycle rule). */
        @WithDefault("1D")
        Duration uploadRetention();

        /** The largest image output copied; a larger one is an error, not an output. */
        @WithDefault("67108864")
        long maxImageBytes();

        /** The largest video output copied. */
        @WithDefault("1073741824")
        long maxVideoBytes();

        /**
         * The most memory the copies of one instance hold in part buffers at once (96 MiB; at least
         * two parts, 16 MiB): a copy waits for room before it reads past the file's headers, so many
         * large files finishing together cannot exhaust a 512 MB function.
         */
        @WithDefault("100663296")
        long copyBufferBytes();

        /** Connecting to a provider's file host. */
        @WithDefault("5S")
        Duration connectTimeout();

        /** Waiting for the next bytes of a provider's file. */
        @WithDefault("30S")
        Duration readTimeout();

        /** How long a presigned output link in a task view or webhook stays valid. */
        @WithDefault("1H")
        Duration linkLifetime();

        /** How long the presigned PUT of {@code POST /v1/uploads} works: the caller uploads within it. */
        @WithDefault("15M")
        Duration uploadLinkLifetime();

        /**
         * How long a provider callback may spend copying outputs before it answers; what is left
         * continues in the sweeper, so the callback is answered in about this time whatever the size.
         */
        @WithDefault("2S")
        Duration callbackCopyBudget();

        /** How long one sweeper step may spend copying a task's outputs; shorter than the sweeper's run budget. */
        @WithDefault("30S")
        Duration sweepCopyBudget();

        /** First delay before a failed copy is tried again; it doubles per failure, up to {@code max-backoff}. */
        @WithDefault("5S")
        Duration backoff();

        @WithDefault("2M")
        Duration maxBackoff();
    }

    /** CloudWatch metrics, written as Embedded Metric Format lines on stdout. */
    interface Metrics {
        /** Off: no metric lines (the local run keeps its console readable). */
        @WithDefault("true")
        boolean enabled();

        /** The CloudWatch namespace; the templates set {@code BananaGateway/<stack name>}. */
        @WithDefault("BananaGateway")
        String namespace();
    }

    /**
     * Where the secrets come from in Lambda: one Secrets Manager JSON secret, read once at start by
     * {@code config.secrets.SecretsConfigSourceFactory} before this mapping is bound (listed here for
     * documentation and so that the keys are known).
     */
    interface Secrets {
        /** The secret's ARN; unset (locally, in tests), secrets come from configuration values as before. */
        Optional<String> arn();

        /** The secret's fields this function reads (their names are the variables application.properties binds). */
        Optional<List<String>> fields();

        /** Tests only: the Secrets Manager endpoint; unset, the ARN's region endpoint. */
        Optional<String> endpoint();

        /** Not read: the templates change it after a rotation, so every instance starts again and reads the secret. */
        Optional<String> revision();
    }
}
