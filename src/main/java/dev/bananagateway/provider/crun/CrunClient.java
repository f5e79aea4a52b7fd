package dev.bananagateway.provider.crun;

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

/** Crun.ai (docs/providers.md 5): the key in {@code x-api-key}. */
@RegisterRestClient
@Path("/api/v1/client/job")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface CrunClient {

    @POST
    @Path("/CreateTask")
    Response create(@HeaderParam("x-api-key") String apiKey, String body);

    @GET
    @Path("/TaskInfo")
    Response taskInfo(@HeaderParam("x-api-key") String apiKey, @QueryParam("task_id") String taskId);
}
