package dev.bananagateway.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.bananagateway.api.RequestParser;
import dev.bananagateway.api.UploadRequestBody;
import dev.bananagateway.api.UploadView;
import dev.bananagateway.media.MediaException;
import dev.bananagateway.media.Uploads;
import dev.bananagateway.model.UploadReference;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * {@code POST /v1/uploads}, served by the submit function (it has the caller's identity and the
 * media bucket already): validates the body like a task's, records the upload under the caller and
 * answers 201 with its presigned PUT. The caller's API errors propagate as {@code ApiException}s.
 */
@ApplicationScoped
public class UploadEndpoint {

    static final String ROUTE = "POST /v1/uploads";

    private final RequestParser parser;
    private final Uploads uploads;
    private final HttpResponses responses;

    public UploadEndpoint(RequestParser parser, Uploads uploads, HttpResponses responses) {
        this.parser = parser;
        this.uploads = uploads;
        this.responses = responses;
    }

    APIGatewayV2HTTPResponse create(APIGatewayV2HTTPEvent event) {
        UploadRequestBody body = parser.parseUpload(HttpEvents.header(event, "content-type"), HttpEvents.body(event));
        Uploads.NewUpload upload;
        try {
            upload = uploads.create(HttpEvents.owner(event), body.contentType(), body.sizeBytes(), body.sha256());
        } catch (MediaException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return responses.json(201, new UploadView(upload.id(), UploadReference.PREFIX + upload.id(),
                upload.uploadUrl(), "PUT", upload.headers(), upload.expiresAt()), Map.of());
    }
}
