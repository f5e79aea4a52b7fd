package dev.bananagateway.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.functions.LambdaRuntimeReflection;
import io.quarkus.amazon.lambda.runtime.FunctionError;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.Timer;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/**
 * What a native build would refuse or break on, checked in JVM mode because no GraalVM runs here.
 * Quarkus initializes application classes at image build time, so an object held in a static field
 * is created during the build and frozen into the image heap: a random generator (refused by the
 * build; its seed would be shared by every instance), a thread, an executor, an open connection.
 */
class NativeReadinessTest {

    /** Types no static field of an application class may hold. */
    static final List<Class<?>> STATEFUL = List.of(Random.class, SplittableRandom.class, Thread.class,
            ThreadLocal.class, Executor.class, Timer.class, HttpClient.class, java.net.Socket.class,
            java.net.ServerSocket.class, java.nio.channels.Channel.class, java.net.URLConnection.class,
            com.sun.net.httpserver.HttpServer.class, software.amazon.awssdk.core.SdkClient.class,
            java.io.InputStream.class, java.io.OutputStream.class);

    @Test
    void noApplicationClassHoldsStatefulObjectsInStaticFields() {
        List<String> classes = ApplicationClasses.all();
        assertTrue(classes.size() > 100, "the scan found the application classes: " + classes.size());
        List<String> violations = new ArrayList<>();
        for (String name : classes) {
            violations.addAll(violations(ApplicationClasses.load(name)));
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theScanFlagsEachStatefulKind() {
        assertEquals(List.of(
                        "Offender.RANDOM holds a java.util.Random",
                        "Offender.THREADS holds a java.util.concurrent.Executor",
                        "Offender.HTTP holds a java.net.http.HttpClient"),
                violations(Offender.class).stream().map(v -> v.substring(v.lastIndexOf('$') + 1)).toList());
    }

    /** The Lambda runtime's error answer must serialize with its properties (see LambdaRuntimeReflection). */
    @Test
    void theLambdaErrorAnswerIsRegisteredWithItsPropertiesAndSerializesThem() throws Exception {
        RegisterForReflection registration = LambdaRuntimeReflection.class.getAnnotation(RegisterForReflection.class);
        assertTrue(Arrays.asList(registration.targets()).contains(FunctionError.class));
        assertTrue(registration.methods() && registration.fields());
        JsonNode answer = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(
                new FunctionError("java.lang.IllegalStateException", "table unreachable")));
        assertEquals("java.lang.IllegalStateException", answer.path("errorType").asText());
        assertEquals("table unreachable", answer.path("errorMessage").asText());
    }

    static List<String> violations(Class<?> type) {
        List<String> found = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            STATEFUL.stream().filter(kind -> kind.isAssignableFrom(field.getType())).findFirst()
                    .ifPresent(kind -> found.add(type.getName() + "." + field.getName() + " holds a " + kind.getName()));
        }
        return found;
    }

    @SuppressWarnings("unused")
    static final class Offender {
        static final SecureRandom RANDOM = null;
        static final ExecutorService THREADS = null;
        static HttpClient HTTP;
        static final String FINE = "constants are fine";
    }
}
