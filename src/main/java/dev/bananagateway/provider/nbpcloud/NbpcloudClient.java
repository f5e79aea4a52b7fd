package dev.bananagateway.provider.nbpcloud;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * nanobananapro.cloud (docs/providers.md 4): Bearer auth on both calls. The JSON create form is used:
 * the normalized request carries reference image URLs only, which JSON's {@code imageUrl} takes.
 */
@RegisterRestClient
@Path("/api/v1/image/nano-banana")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface NbpcloudClient {

    @POST
    Response create(@HeaderParam("Authorization") String bearer, String body);

    /** Polling also makes the provider sync its record and refund failed tasks. */
    @POST
    @Path("/result")
    Response result(@HeaderParam("Authorization") String bearer, String body);
}
