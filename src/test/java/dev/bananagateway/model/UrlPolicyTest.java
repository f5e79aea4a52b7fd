package dev.bananagateway.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {

    private final UrlPolicy policy = new UrlPolicy(Set.of());
    private final UrlPolicy local = new UrlPolicy(Set.of("localhost"));

    @ParameterizedTest
    @ValueSource(strings = { "https://cdn.example.com/a.png", "https://8.8.8.8/a.png",
            "https://img.example.co.uk/x/y.webp?sig=abc", "https://[2606:4700::1111]/a.png" })
    void publicHttpsUrlsAreAccepted(String url) {
        assertTrue(policy.checkReferenceImage(url).isEmpty(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://cdn.example.com/a.png", "ftp://cdn.example.com/a.png", "https://localhost/a",
            "https://127.0.0.1/a", "https://127.1.2.3/a", "https://10.0.0.1/a", "https://172.16.5.4/a",
            "https://192.168.0.1/a", "https://169.254.169.254/latest", "https://100.64.0.1/a", "https://0.0.0.0/a",
            "https://[::1]/a", "https://[fd00:ec2::254]/a", "https://[fe80::1]/a", "https://[::ffff:127.0.0.1]/a",
            "https://2130706433/a", "https://0x7f000001/a", "https://intranet/a", "https://db.internal/a",
            "https://printer.local/a", "https://user:pw@cdn.example.com/a", "not a url", "https:///nohost" })
    void privateOrUnsafeUrlsAreRefused(String url) {
        assertTrue(policy.checkReferenceImage(url).isPresent(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://192.168.1.1/hook", "http://hooks.example.com/x", "https://localhost/x" })
    void webhooksToPrivateAddressesAreRefused(String url) {
        assertTrue(policy.checkWebhook(url).isPresent(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://localhost:9999/hook" })
    void allowListedLocalHostsPassForLocalRuns(String url) {
        assertTrue(local.checkWebhook(url).isEmpty(), url);
        assertTrue(policy.checkWebhook(url).isPresent(), url);
    }
}
