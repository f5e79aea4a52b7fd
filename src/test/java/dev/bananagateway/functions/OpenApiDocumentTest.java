package dev.bananagateway.functions;

import static dev.bananagateway.testing.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.OpenApiContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/openapi.yaml}: the API serves the very document its answers are checked against. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class OpenApiDocumentTest {

    @Test
    void theApiServesItsOpenApiDocument() throws Exception {
        String served = api().get("/v1/openapi.yaml").then().statusCode(200)
                .contentType(equalTo("application/yaml")).extract().asString();
        assertEquals(Files.readString(OpenApiContract.DOCUMENT), served);
    }
}
