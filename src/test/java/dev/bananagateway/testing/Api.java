package dev.bananagateway.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * REST Assured against the local API (the API Gateway bridge) that the test application serves. Every
 * answer is checked against the OpenAPI document ({@link OpenApiContract}): one the document does not
 * allow fails the test.
 */
public final class Api {

    private Api() {
    }

    public static int port() {
        return ConfigProvider.getConfig().getValue("gateway.local.api-port", Integer.class);
    }

    public static String baseUrl() {
        return "http://localhost:" + port();
    }

    public static RequestSpecification api() {
        return given().filter(OpenApiContract.filter()).baseUri("http://localhost").port(port());
    }

    public static RequestSpecification json(String body) {
        return api().contentType(ContentType.JSON).body(body);
    }
}
