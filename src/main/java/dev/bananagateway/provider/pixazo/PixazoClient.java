package dev.bananagateway.provider.pixazo;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Pixazo's APIM gateway, Nano Banana Pro edit (docs/providers.md 6): three headers on both calls. */
@RegisterRestClient
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Cache-Control", value = "no-cache")
public interface PixazoClient {

    @POST
    @Path("nano-banana-pro-request")
    Response create(@HeaderParam("Ocp-Apim-Subscription-Key") String subscriptionKey, String body);

    @POST
    @Path("nano-banana-pro-request-result")
    Response result(@HeaderParam("Ocp-Apim-Subscription-Key") String subscriptionKey, String body);
}
