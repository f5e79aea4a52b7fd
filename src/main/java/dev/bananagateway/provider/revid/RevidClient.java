package dev.bananagateway.provider.revid;

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

/** RevidAPI (docs/providers.md 3): JSON bodies, the key in {@code x-api-key}. */
@RegisterRestClient
@Path("/paid")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface RevidClient {

    @POST
    @Path("/nano/banana/create")
    Response create(@HeaderParam("x-api-key") String apiKey, String body);

    /** The documented status call: POST with the id as a query parameter and no body. */
    @POST
    @Path("/get/taskid")
    Response status(@HeaderParam("x-api-key") String apiKey, @QueryParam("taskId") String taskId);

    /** kie's original method, used when the POST form is answered with 405. */
    @GET
    @Path("/get/taskid")
    Response statusByGet(@HeaderParam("x-api-key") String apiKey, @QueryParam("taskId") String taskId);
}
