package dev.bananagateway.provider;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one REST client call and turns the outcome into a {@link WireResponse} or a transport
 * {@link ProviderException}: a connection that was never made cannot have created a task; a read
 * timeout or a broken connection after a create was sent may have.
 */
public final class ProviderHttp {

    private static final String REDACTED = "[redacted]";

    private ProviderHttp() {
    }

    public static WireResponse send(ProviderEndpoint endpoint, ProviderCall call, Supplier<Response> request)
            throws ProviderException {
        try (Response response = request.get()) {
            return read(response, endpoint.apiKey());
        } catch (WebApplicationException e) {
            return read(e.getResponse(), endpoint.apiKey());
        } catch (RuntimeException e) {
            throw transportFailure(endpoint.provider(), call, e);
        }
    }

    static ProviderException transportFailure(ProviderId provider, ProviderCall call, Throwable failure) {
        ProviderException classified;
        if (neverConnected(failure)) {
            classified = new ProviderException(provider, ErrorClass.PROVIDER_UNAVAILABLE, 0, null,
                    provider.key() + " could not be reached (" + rootName(failure) + ")", null, false);
        } else if (timedOut(failure)) {
            classified = new ProviderException(provider, ErrorClass.PROVIDER_UNAVAILABLE, 0, null,
                    provider.key() + " did not answer within the read timeout", null, call == ProviderCall.CREATE);
        } else {
            classified = new ProviderException(provider, ErrorClass.PROVIDER_UNAVAILABLE, 0, null,
                    provider.key() + " call broke off (" + rootName(failure) + ")", null, call == ProviderCall.CREATE);
        }
        classified.initCause(failure);
        return classified;
    }

    private static WireResponse read(Response response, String apiKey) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        if (apiKey != null && !apiKey.isEmpty() && body.contains(apiKey)) {
            body = body.replace(apiKey, REDACTED);
        }
        return new WireResponse(response.getStatus(), body, response.getHeaderString("Retry-After"));
    }

    private static boolean neverConnected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // netty's ConnectTimeoutException is a ConnectException: the request was never sent
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String rootName(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
