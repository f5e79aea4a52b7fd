package dev.bananagateway.provider.imgeditor;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** imgeditor.co (docs/providers.md 7); the configured base URL is the host, the paths carry /api/v1. */
@RegisterRestClient
@Path("/api/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface ImgeditorClient {

    @POST
    @Path("/images/generate")
    Response generateImage(@HeaderParam("Authorization") String bearer, String body);

    @GET
    @Path("/images/status")
    Response imageStatus(@HeaderParam("Authorization") String bearer, @QueryParam("task_id") String taskId);

    @POST
    @Path("/videos/generate")
    Response generateVideo(@HeaderParam("Authorization") String bearer, String body);

    @GET
    @Path("/videos/status")
    Response videoStatus(@HeaderParam("Authorization") String bearer, @QueryParam("task_id") String taskId);
}
