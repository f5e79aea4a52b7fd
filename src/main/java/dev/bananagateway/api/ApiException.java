package dev.bananagateway.api;

/** A request the API refuses, carrying the problem document to answer with. */
public class ApiException extends RuntimeException {

    private final Problem problem;

    public ApiException(Problem problem) {
        super(problem.code() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public static ApiException field(String field, String message) {
        return new ApiException(Problem.field(422, "INVALID_FIELD", field, message));
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(Problem.of(400, code, "Bad request", detail));
    }

    public Problem problem() {
        return problem;
    }
}
