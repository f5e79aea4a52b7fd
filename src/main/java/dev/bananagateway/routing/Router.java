package dev.bananagateway.routing;

import dev.bananagateway.api.ApiException;
import dev.bananagateway.api.Problem;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.vendor.Unsupported;
import dev.bananagateway.vendor.Vendor;
import dev.bananagateway.vendor.VendorId;
import dev.bananagateway.vendor.Vendors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Orders the vendors that can serve a request: a pinned vendor alone, otherwise every enabled and
 * capable vendor by the configured priority, or by price when no priority is configured. Vendors
 * that {@link VendorHealth} reports as failing go last, not away.
 */
@ApplicationScoped
public class Router {

    private final Vendors vendors;
    private final VendorHealth health;
    private final List<String> priority;

    public Router(Vendors vendors, VendorHealth health,
            @ConfigProperty(name = "gateway.routing.priority") Optional<List<String>> priority) {
        this.vendors = vendors;
        this.health = health;
        this.priority = priority.orElse(List.of());
    }

    /** The failover order for the request; refuses with 422 when no vendor can serve it. */
    public List<Vendor> route(GenerationRequest request) {
        if (request.vendor() != null) {
            return List.of(pinned(request));
        }
        List<Vendor> capable = new ArrayList<>();
        List<Problem.FieldError> reasons = new ArrayList<>();
        for (Vendor vendor : vendors.enabled()) {
            Optional<Unsupported> why = vendor.check(request);
            if (why.isEmpty()) {
                capable.add(vendor);
            } else {
                reasons.add(new Problem.FieldError(why.get().field(), vendor.id().key() + ": " + why.get().reason()));
            }
        }
        if (capable.isEmpty()) {
            throw new ApiException(new Problem(null, "No vendor can serve this request", 422,
                    vendors.enabled().isEmpty() ? "no vendor is configured"
                            : "no configured vendor supports this combination of fields",
                    null, "UNSUPPORTED_BY_VENDORS", reasons, null, null).withType());
        }
        capable.sort(order(request));
        return health.preferHealthy(capable);
    }

    private Vendor pinned(GenerationRequest request) {
        VendorId id = VendorId.fromKey(request.vendor()).orElseThrow(
                () -> ApiException.field("vendor", "is not a known vendor"));
        Vendor vendor = vendors.enabled().stream().filter(v -> v.id() == id).findFirst().orElseThrow(
                () -> new ApiException(Problem.field(422, "VENDOR_NOT_CONFIGURED", "vendor",
                        "is not configured on this gateway")));
        vendor.check(request).ifPresent(why -> {
            throw new ApiException(Problem.field(422, "UNSUPPORTED_BY_VENDOR", why.field(),
                    id.key() + " " + why.reason()));
        });
        return vendor;
    }

    private Comparator<Vendor> order(GenerationRequest request) {
        if (!priority.isEmpty()) {
            return Comparator.comparingInt(v -> {
                int index = priority.indexOf(v.id().key());
                return index < 0 ? Integer.MAX_VALUE : index;
            });
        }
        return Comparator.comparingDouble((Vendor v) -> v.priceUsd(request)).thenComparing(Vendor::id);
    }
}
