package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.model.UrlPolicy;
import dev.bananagateway.task.Task;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import dev.bananagateway.media.MediaException;
import dev.bananagateway.media.PinnedHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * POSTs the terminal task view to the caller's webhook, signed per Standard Webhooks. The
 * {@code webhook-id} is derived from the task, so every retry carries the same id and receivers
 * can de-duplicate. The URL is checked again before each call (DNS may have changed), and the
 * connection goes only to the addresses that check passed ({@link PinnedHttp}).
 */
@ApplicationScoped
public class WebhookDelivery {

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);

    /** The webhook body: Standard Webhooks' recommended {type, timestamp, data} envelope. */
    @RegisterForReflection
    public record Event(String type, Instant timestamp, Object data) {
    }

    private final ObjectMapper json;
    private final WebhookData data;
    private final UrlPolicy urls;
    private final Clock clock;
    private final WebhookSigner signer;
    private final PinnedHttp http;
    private final Duration timeout;
    private final Duration longestDelivery;

    public WebhookDelivery(ObjectMapper json, WebhookData data, Clock clock, GatewayConfig config) {
        this.json = json;
        this.data = data;
        this.urls = new UrlPolicy(config.webhooks().allowedPrivateHosts().orElse(Set.of()));
        this.clock = clock;
        this.signer = config.webhookSecret().filter(s -> !s.isBlank()).map(WebhookSigner::new).orElse(null);
        this.timeout = config.webhooks().timeout();
        this.longestDelivery = config.webhooks().longestDelivery();
        // connections go only to addresses the URL policy passed, resolved once (no DNS-rebinding window)
        this.http = new PinnedHttp(urls, timeout, timeout);
    }

    /** The longest one delivery can take before it times out (connect, then the answer). */
    public Duration longestDelivery() {
        return longestDelivery;
    }

    public static String webhookId(Task task) {
        return "msg_" + task.id();
    }

    /** True when the receiver answered 2xx. */
    public boolean deliver(Task task) {
        String url = task.request().webhookUrl();
        if (signer == null) {
            LOG.warnf("webhook not sent taskId=%s: gateway.webhook-secret is not set", task.id());
            return false;
        }
        Optional<String> refused = urls.checkWebhook(url);
        if (refused.isPresent()) {
            LOG.warnf("webhook not sent taskId=%s: url %s", task.id(), refused.get());
            return false;
        }
        try {
            Instant now = clock.instant();
            String body = json.writeValueAsString(new Event("task." + task.state().name().toLowerCase(Locale.ROOT),
                    now, data.of(task)));
            String id = webhookId(task);
            long timestamp = now.getEpochSecond();
            int status = http.postJson(url, Map.of(
                    "webhook-id", id,
                    "webhook-timestamp", Long.toString(timestamp),
                    "webhook-signature", signer.sign(id, timestamp, body)), body, timeout);
            if (status / 100 == 2) {
                return true;
            }
            LOG.infof("webhook refused taskId=%s status=%d", task.id(), status);
            return false;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the task view", e);
        } catch (MediaException e) {
            LOG.infof("webhook failed taskId=%s: %s", task.id(), e.getMessage());
            return false;
        }
    }
}
