package dev.bananagateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bananagateway.model.Cost;
import dev.bananagateway.model.Degradation;
import dev.bananagateway.model.Output;
import dev.bananagateway.model.OutputLinks;
import dev.bananagateway.task.Attempt;
import dev.bananagateway.task.LateResult;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskState;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The normalized task view: the same shape whatever the provider (status, webhook body, submit answer). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(
        String id,
        TaskState status,
        int progress,
        String model,
        String provider,
        List<OutputView> outputs,
        Boolean storing,
        List<DegradationView> degraded,
        ErrorView error,
        List<AttemptView> attempts,
        CostView cost,
        Map<String, String> metadata,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("completed_at") Instant completedAt,
        Instant deadline,
        CancellationView cancellation) {

    /**
     * What a cancel means for this task. No provider documents a cancel call, so the provider is never
     * asked to stop ({@code provider_canceled} is false): it may still finish and charge. A result it
     * reports later is shown under {@code late_result}; the status stays CANCELED.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CancellationView(@JsonProperty("canceled_at") Instant canceledAt,
            @JsonProperty("provider_canceled") boolean providerCanceled, String notice,
            @JsonProperty("late_result") LateResultView lateResult) {

        static CancellationView of(Task t) {
            String provider = t.provider() == null ? "the provider" : t.provider();
            String notice = "None of the providers documents a cancel call, so " + provider
                    + " was not asked to stop: it may still finish the task and charge for it. The gateway stopped"
                    + " following the task; a result the provider reports later is recorded under late_result"
                    + " and never changes the status.";
            LateResult late = t.lateResult();
            return new CancellationView(t.completedAt(), false, notice, late == null ? null
                    : new LateResultView(late.state(), late.outputs().stream().map(TaskView::lateOutput).toList(),
                            late.error() == null ? null : new ErrorView(late.error().code(), late.error().message(),
                                    late.error().retriable()),
                            CostView.of(late.cost()), late.reportedAt()));
        }
    }

    /** A provider's result that arrived after the task was canceled. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LateResultView(TaskState status, List<OutputView> outputs, ErrorView error, CostView cost,
            @JsonProperty("reported_at") Instant reportedAt) {
    }

    /**
     * One output: {@code url} is a presigned link to the gateway's copy, signed at this read and valid
     * until {@code expires_at}; {@code source_url} is where the provider served it. An output not
     * stored (yet) has no {@code url}.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutputView(String url, @JsonProperty("expires_at") Instant expiresAt,
            @JsonProperty("source_url") String sourceUrl, @JsonProperty("content_type") String contentType,
            Integer width, Integer height, @JsonProperty("size_bytes") Long sizeBytes, String sha256) {
    }

    /** A field dropped under allow_degrade; {@code sent} is shown even when null (the field was left out). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DegradationView(String field, Object requested, Object sent) {
        static DegradationView of(Degradation d) {
            return new DegradationView(d.field(), d.requested(), d.sent());
        }
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorView(String code, String message, boolean retriable) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptView(String provider, @JsonProperty("provider_task_id") String providerTaskId, String outcome,
            @JsonProperty("error_code") String errorCode, @JsonProperty("http_status") Integer httpStatus,
            String message, Instant at) {

        static AttemptView of(Attempt a) {
            return new AttemptView(a.provider(), a.providerTaskId(), a.outcome(), a.errorClass(), a.httpStatus(),
                    a.message(), a.at());
        }
    }

    /**
     * The task's cost: {@code amount} in USD ({@code unit} is always {@code usd}), the provider's own
     * {@code credits} where it bills in credits, and the {@code source} of the amount
     * ({@code price_table}, {@code configured}, {@code provider_reported}, {@code refunded}).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CostView(double amount, String unit, Double credits, String source) {
        static CostView of(Cost c) {
            return c == null ? null : new CostView(c.amount(), c.unit(), c.credits(), c.source());
        }
    }

    /** The view of {@code t}, its stored outputs linked through {@code links}, signed now. */
    public static TaskView of(Task t, OutputLinks links) {
        return new TaskView(
                t.id(),
                t.state(),
                t.progress(),
                t.request().modelFamily(),
                t.provider(),
                t.outputs().stream().map(o -> output(t, o, links)).toList(),
                t.storing() ? Boolean.TRUE : null,
                t.degraded().stream().map(DegradationView::of).toList(),
                t.error() == null ? null : new ErrorView(t.error().code(), t.error().message(), t.error().retriable()),
                attempts(t.attempts()),
                CostView.of(t.cost()),
                t.request().metadata().isEmpty() ? null : t.request().metadata(),
                t.createdAt(),
                t.updatedAt(),
                t.completedAt(),
                t.deadline(),
                t.state() == TaskState.CANCELED ? CancellationView.of(t) : null);
    }

    public static List<AttemptView> attempts(List<Attempt> attempts) {
        return attempts.stream().map(AttemptView::of).toList();
    }

    /** A late result's output is never copied (the task is CANCELED): the provider's own URL, as it reported it. */
    private static OutputView lateOutput(Output o) {
        return new OutputView(o.url(), null, o.url(), o.contentType(), o.width(), o.height(), o.sizeBytes(), null);
    }

    private static OutputView output(Task t, Output o, OutputLinks links) {
        if (o.stored()) {
            OutputLinks.Link link = links.link(o.key());
            return new OutputView(link.url(), link.expiresAt(), o.url(), o.contentType(), o.width(), o.height(),
                    o.sizeBytes(), o.sha256());
        }
        // a task that succeeded before outputs were stored still hands out the provider's URL
        String url = t.state() == TaskState.SUCCEEDED ? o.url() : null;
        return new OutputView(url, null, o.url(), o.contentType(), o.width(), o.height(), o.sizeBytes(), null);
    }
}
