package dev.bananagateway.functions;

import io.quarkus.amazon.lambda.runtime.FunctionError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native-image registrations the Lambda runtime itself misses. When an invocation throws (an event
 * Funqy cannot read, an unreachable table), the runtime loop posts a {@link FunctionError} as JSON.
 * Quarkus 3.34.2 registers that class for its constructors only, so in a native image Jackson finds
 * no properties, the loop fails to post the error, stops polling, and the invocation hangs until
 * the function's timeout. Registering its getters and fields lets the error reach Lambda.
 */
@RegisterForReflection(targets = FunctionError.class, methods = true, fields = true)
public final class LambdaRuntimeReflection {

    private LambdaRuntimeReflection() {
    }
}
