package dev.bananagateway.media;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.OutputLinks;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Output links as presigned GETs of the media bucket, valid for {@code gateway.media.link-lifetime}. */
@ApplicationScoped
public class PresignedOutputLinks implements OutputLinks {

    private final MediaBucket bucket;
    private final Duration lifetime;

    public PresignedOutputLinks(MediaBucket bucket, GatewayConfig config) {
        this.bucket = bucket;
        this.lifetime = config.media().linkLifetime();
    }

    @Override
    public Link link(String key) {
        MediaBucket.SignedLink signed = bucket.signedGet(key, lifetime);
        return new Link(signed.url(), signed.expiresAt());
    }
}
