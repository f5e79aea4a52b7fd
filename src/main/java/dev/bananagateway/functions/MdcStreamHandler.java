package dev.bananagateway.functions;

import dev.bananagateway.observability.LogContext;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.quarkus.funqy.lambda.FunqyStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jboss.logging.MDC;

/**
 * The JVM package's Lambda handler (template-jvm.yaml): Funqy's stream handler with the request id
 * in the log context. Funqy does not hand the Lambda {@link Context} to functions; in a native image
 * Quarkus' own poll loop sets {@link LogContext#RUNTIME_REQUEST_ID}, and this does the same on the
 * managed Java runtime.
 */
public class MdcStreamHandler implements RequestStreamHandler {

    private final FunqyStreamHandler funqy = new FunqyStreamHandler();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        MDC.put(LogContext.RUNTIME_REQUEST_ID, context.getAwsRequestId());
        try {
            funqy.handleRequest(input, output, context);
        } finally {
            MDC.remove(LogContext.RUNTIME_REQUEST_ID);
        }
    }
}
