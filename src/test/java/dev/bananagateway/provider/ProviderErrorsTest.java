package dev.bananagateway.provider;

import dev.bananagateway.provider.pixazo.PixazoProvider;
import dev.bananagateway.provider.crun.CrunProvider;
import dev.bananagateway.provider.revid.RevidProvider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Shared classification: which failures may have created a task, Retry-After, transport errors, the limiter. */
class ProviderErrorsTest {

    @Test
    void createFailuresThatMayHaveCreatedTheTask() {
        assertTrue(create(500, "{\"error\":\"boom\"}").possiblyAccepted());
        assertTrue(create(522, "<html>Error 522</html>").possiblyAccepted());
        assertTrue(create(502, "").possiblyAccepted());
        assertTrue(create(503, "<html>down</html>").possiblyAccepted());
        assertFalse(create(503, "{\"error\":\"maintenance\"}").possiblyAccepted());
        for (int status : new int[] {400, 401, 402, 403, 422, 429, 451, 455}) {
            assertFalse(create(status, "{\"error\":\"no\"}").possiblyAccepted(), "HTTP " + status);
        }
    }

    @Test
    void pollFailuresAreNeverPossiblyAccepted() {
        ProviderException e = assertThrows(ProviderException.class, () -> ProviderErrors.requireSuccess(CrunProvider.ID,
                ProviderCall.POLL, new WireResponse(500, "", null)));
        assertFalse(e.possiblyAccepted());
        assertEquals(ErrorClass.PROVIDER_ERROR, e.errorClass());
    }

    @Test
    void classesFollowTheSharedTable() {
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, create(455, "{}").errorClass());
        assertEquals(ErrorClass.CONTENT_REJECTED, create(451, "{}").errorClass());
        assertEquals(ErrorClass.RATE_LIMITED, create(429, "{}").errorClass());
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, create(522, "<html/>").errorClass());
    }

    /**
     * A 408 says the server gave up waiting for the request before it had read it: nothing can have been
     * created, so a create fails over, and a poll is a transient failure retried later.
     */
    @Test
    void requestTimeoutIsTransientAndCertainlyNotAccepted() {
        for (String body : new String[] {"", "<html><h1>408 Request Time-out</h1></html>", "{\"error\":\"timeout\"}"}) {
            ProviderException create = create(408, body);
            assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, create.errorClass(), body);
            assertTrue(create.errorClass().failover());
            assertFalse(create.possiblyAccepted(), body);
        }
        ProviderException poll = assertThrows(ProviderException.class, () -> ProviderErrors.requireSuccess(
                PixazoProvider.ID, ProviderCall.POLL, new WireResponse(408, "", null)));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, poll.errorClass());
        assertTrue(poll.errorClass().retriablePoll());
    }

    /**
     * A body code 408 under HTTP 200 comes from an application that did read the request; whatever timed
     * out happened after that, so such a create may have created the task.
     */
    @Test
    void requestTimeoutAsABodyCodeMayHaveCreatedTheTask() {
        ProviderException e = assertThrows(ProviderException.class, () -> ProviderErrors.requireBodyCodeOk(
                RevidProvider.ID, ProviderCall.CREATE, new WireResponse(200, "{\"code\":408,\"msg\":\"timeout\"}", null)));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertTrue(e.possiblyAccepted());
    }

    @Test
    void successThatIsNotJsonMayHaveCreatedTheTask() {
        ProviderException e = assertThrows(ProviderException.class, () -> ProviderErrors.requireSuccess(RevidProvider.ID,
                ProviderCall.CREATE, new WireResponse(200, "<html>ok</html>", null)));
        assertTrue(e.possiblyAccepted());
        assertEquals(ErrorClass.PROVIDER_ERROR, e.errorClass());
    }

    @Test
    void retryAfterInSecondsOrAsADate() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse("7", now));
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Thu, 01 Jan 2026 00:00:30 GMT", now));
        assertEquals(Duration.ZERO, RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", now));
        assertNull(RetryAfter.parse("soon", now));
        assertNull(RetryAfter.parse(null, now));
        assertEquals(Duration.ofSeconds(3), create(429, "{}", "3").retryAfter());
    }

    @Test
    void transportFailures() {
        ProviderException refused = ProviderHttp.transportFailure(RevidProvider.ID, ProviderCall.CREATE,
                new RuntimeException(new ConnectException("Connection refused")));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, refused.errorClass());
        assertFalse(refused.possiblyAccepted());
        assertFalse(ProviderHttp.transportFailure(RevidProvider.ID, ProviderCall.CREATE,
                new RuntimeException(new UnknownHostException("api.revidapi.com"))).possiblyAccepted());
        assertTrue(ProviderHttp.transportFailure(RevidProvider.ID, ProviderCall.CREATE,
                new RuntimeException(new SocketTimeoutException("read"))).possiblyAccepted());
        assertFalse(ProviderHttp.transportFailure(RevidProvider.ID, ProviderCall.POLL,
                new RuntimeException(new SocketTimeoutException("read"))).possiblyAccepted());
    }

    @Test
    void messagesComeFromEveryProviderShape() {
        assertEquals("a", ProviderErrors.message(Json.parse("{\"error\":\"a\"}").orElseThrow()));
        assertEquals("b", ProviderErrors.message(Json.parse("{\"error\":{\"code\":\"X\",\"message\":\"b\"}}").orElseThrow()));
        assertEquals("c", ProviderErrors.message(Json.parse("{\"statusCode\":401,\"message\":\"c\"}").orElseThrow()));
        assertEquals("d", ProviderErrors.message(Json.parse("{\"code\":401,\"msg\":\"d\"}").orElseThrow()));
        assertEquals("e", ProviderErrors.message(Json.parse("{\"data\":{\"error\":\"e\"}}").orElseThrow()));
        assertEquals("X", ProviderErrors.code(Json.parse("{\"error\":{\"code\":\"X\"}}").orElseThrow()));
    }

    @Test
    void limiterAllowsTheBudgetPerWindow() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(3, Duration.ofMinutes(1), clock);
        assertTrue(limiter.tryAcquire().isEmpty());
        now.set(now.get().plusSeconds(10));
        assertTrue(limiter.tryAcquire().isEmpty());
        assertTrue(limiter.tryAcquire().isEmpty());
        assertEquals(Duration.ofSeconds(50), limiter.tryAcquire().orElseThrow());
        now.set(now.get().plusSeconds(50));
        assertTrue(limiter.tryAcquire().isEmpty(), "the first permit has left the window");
        assertTrue(limiter.tryAcquire().isPresent());
    }

    private static ProviderException create(int status, String body) {
        return create(status, body, null);
    }

    private static ProviderException create(int status, String body, String retryAfter) {
        return assertThrows(ProviderException.class, () -> ProviderErrors.requireSuccess(PixazoProvider.ID,
                ProviderCall.CREATE, new WireResponse(status, body, retryAfter)));
    }
}
