package dev.bananagateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.model.Degradation;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.provider.crun.CrunProvider;
import dev.bananagateway.provider.imgeditor.ImgeditorProvider;
import dev.bananagateway.provider.nbpcloud.NbpcloudProvider;
import dev.bananagateway.provider.pixazo.PixazoProvider;
import dev.bananagateway.provider.revid.RevidProvider;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What docs/providers.md 8.4 says each provider cannot serve is rejected, naming the public field at fault. */
class CapabilityCheckTest {

    private static final String[] NINE_REFS = refs(9);
    private static final String[] ELEVEN_REFS = refs(11);
    private static final String[] FIFTEEN_REFS = refs(15);

    private final Provider revid = new RevidProvider(Optional.empty());
    private final Provider nbpcloud = new NbpcloudProvider(Optional.empty());
    private final Provider crun = new CrunProvider(Optional.empty());
    private final Provider pixazo = new PixazoProvider(Optional.empty());
    private final Provider imgeditor = new ImgeditorProvider(Optional.empty(), false, 60);

    @Test
    void revid() {
        rejects(revid, "model", TestRequests.video("veo-3.1-fast", 8, "720p", null));
        rejects(revid, "num_outputs", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).outputs(2));
        rejects(revid, "resolution", TestRequests.image(ModelFamilies.NANO_BANANA).resolution("2K"));
        rejects(revid, "model", TestRequests.image(ModelFamilies.NANO_BANANA_2));
        rejects(revid, "model", TestRequests.image(ModelFamilies.NANO_BANANA_FAST));
        rejects(revid, "reference_images", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(NINE_REFS));
        rejects(revid, "reference_images", TestRequests.image(ModelFamilies.NANO_BANANA).refs(ELEVEN_REFS));
        rejects(revid, "output_format", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).format("webp"));
        rejects(revid, "tier", TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .tier(ModelFamilies.TIER_COST_OPTIMIZED));
        accepts(revid, TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(refs(8)).aspect("auto")
                .resolution("4K").format("jpeg"));
        accepts(revid, TestRequests.image(ModelFamilies.NANO_BANANA).refs(refs(10)));
    }

    @Test
    void nbpcloud() {
        rejects(nbpcloud, "model", TestRequests.video("veo-3.1", 8, "720p", null));
        rejects(nbpcloud, "num_outputs", TestRequests.image(ModelFamilies.NANO_BANANA_FAST).outputs(2));
        rejects(nbpcloud, "output_format", TestRequests.image(ModelFamilies.NANO_BANANA_FAST).format("jpeg"));
        rejects(nbpcloud, "model", TestRequests.image(ModelFamilies.NANO_BANANA_2));
        rejects(nbpcloud, "reference_images", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(FIFTEEN_REFS));
        accepts(nbpcloud, TestRequests.image(ModelFamilies.NANO_BANANA_FAST).refs(refs(14)).aspect("auto")
                .resolution("2K"));
    }

    @Test
    void crun() {
        rejects(crun, "model", TestRequests.image(ModelFamilies.NANO_BANANA_PRO));
        rejects(crun, "model", TestRequests.image(ModelFamilies.NANO_BANANA_2));
        rejects(crun, "resolution", TestRequests.image(ModelFamilies.NANO_BANANA).resolution("2K"));
        rejects(crun, "num_outputs", TestRequests.image(ModelFamilies.NANO_BANANA).outputs(4));
        rejects(crun, "output_format", TestRequests.image(ModelFamilies.NANO_BANANA)
                .tier(ModelFamilies.TIER_COST_OPTIMIZED).format("png"));
        rejects(crun, "model", TestRequests.video("veo-3.1", 8, "720p", null));
        accepts(crun, TestRequests.image(ModelFamilies.NANO_BANANA).refs(FIFTEEN_REFS).format("jpeg"));
        accepts(crun, TestRequests.image(ModelFamilies.NANO_BANANA).resolution("2K").degrade());
    }

    @Test
    void pixazo() {
        rejects(pixazo, "reference_images", TestRequests.image(ModelFamilies.NANO_BANANA_PRO));
        rejects(pixazo, "model", TestRequests.image(ModelFamilies.NANO_BANANA).refs(refs(1)));
        rejects(pixazo, "aspect_ratio", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(refs(1)).aspect("16:9"));
        rejects(pixazo, "resolution", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(refs(1)).resolution("2K"));
        rejects(pixazo, "output_format", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(refs(1)).format("png"));
        rejects(pixazo, "num_outputs", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(refs(1)).outputs(2));
        rejects(pixazo, "reference_images", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(FIFTEEN_REFS));
        rejects(pixazo, "reference_images", TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .refs("http://insecure/a.png"));
        rejects(pixazo, "model", TestRequests.video("veo-3.1", 8, "720p", null));
        // a fixed ratio can never be degraded away, only auto can
        rejects(pixazo, "aspect_ratio", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(refs(1))
                .aspect("16:9").degrade());
        accepts(pixazo, TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(refs(1)).aspect("auto").resolution("4K")
                .format("png").degrade());
    }

    @Test
    void imgeditor() {
        rejects(imgeditor, "reference_images", TestRequests.image(ModelFamilies.NANO_BANANA).refs(refs(2)));
        rejects(imgeditor, "aspect_ratio", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).aspect("auto"));
        rejects(imgeditor, "aspect_ratio", TestRequests.image(ModelFamilies.NANO_BANANA).aspect("3:2"));
        rejects(imgeditor, "resolution", TestRequests.image(ModelFamilies.NANO_BANANA).resolution("1K"));
        rejects(imgeditor, "model", TestRequests.image(ModelFamilies.NANO_BANANA_2));
        rejects(imgeditor, "model", TestRequests.image(ModelFamilies.SEEDREAM_4));
        rejects(imgeditor, "video.duration_seconds", TestRequests.video("kling-o3-pro", 8, "720p", null));
        rejects(imgeditor, "video.resolution", TestRequests.video("sora-2", 8, "1080p", null));
        rejects(imgeditor, "video.generate_audio", TestRequests.video("wan-2.5", 10, "1080p", true));
        rejects(imgeditor, "aspect_ratio", TestRequests.video("veo-3.1", 8, "720p", null).aspect("1:1"));
        rejects(imgeditor, "model", TestRequests.video(ModelFamilies.NANO_BANANA_PRO, 8, "720p", null));
        // seed 004 answers with one image_url however many images it is asked (and billed) for
        rejects(imgeditor, "num_outputs", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).outputs(2));
        rejects(imgeditor, "num_outputs", TestRequests.image(ModelFamilies.NANO_BANANA).outputs(4).degrade());
        // image-only fields on a video: refused, or dropped (and recorded) with allow_degrade
        rejects(imgeditor, "output_format", TestRequests.video("veo-3.1", 8, "720p", null).format("png"));
        rejects(imgeditor, "quality", TestRequests.video("veo-3.1", 8, "720p", null).quality("hd"));
        rejects(imgeditor, "quality", TestRequests.video("veo-3.1", 8, "720p", null).quality("standard"));
        accepts(imgeditor, TestRequests.video("veo-3.1", 8, "720p", null).format("png").quality("hd").degrade());
        accepts(imgeditor, TestRequests.image(ModelFamilies.NANO_BANANA_PRO).aspect("auto").degrade());
        accepts(imgeditor, TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(refs(1)).quality("hd"));
        accepts(imgeditor, TestRequests.video("seedance-2.0", 15, "480p", true).aspect("4:3").refs(refs(1)));
    }

    @Test
    void degradeOnlyDropsWhatItMay() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(refs(1)).aspect("auto")
                .resolution("2K").format("png").degrade().build();
        ModelOffer offer = CapabilityCheck.select(request, pixazo.offers()).orElseThrow();
        assertEquals(null, CapabilityCheck.aspectRatioToSend(request, offer));
        assertEquals(null, CapabilityCheck.resolutionToSend(request, offer));
        assertEquals(null, CapabilityCheck.outputFormatToSend(request, offer));
        rejects(revid, "resolution", TestRequests.image(ModelFamilies.NANO_BANANA_PRO).resolution("8K").degrade());
    }

    /** Under allow_degrade, every field a provider's wire leaves out is named, with what was asked for. */
    @Test
    void degradationsNameEveryDroppedField() {
        assertEquals(List.of(dropped("aspect_ratio", "auto"), dropped("resolution", "2K"), dropped("output_format", "png")),
                pixazo.degradations(TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(refs(1)).aspect("auto")
                        .resolution("2K").format("png").degrade().build()));
        assertEquals(List.of(), revid.degradations(TestRequests.image(ModelFamilies.NANO_BANANA_PRO).aspect("auto")
                .resolution("2K").format("jpeg").degrade().build()), "revid's Pro takes all three");
        assertEquals(List.of(dropped("resolution", "2K")), revid.degradations(
                TestRequests.image(ModelFamilies.NANO_BANANA).resolution("2K").degrade().build()));
        assertEquals(List.of(dropped("output_format", "jpeg")), nbpcloud.degradations(
                TestRequests.image(ModelFamilies.NANO_BANANA_PRO).aspect("auto").format("jpeg").degrade().build()));
        assertEquals(List.of(dropped("aspect_ratio", "auto"), dropped("resolution", "1K"), dropped("output_format", "png")),
                crun.degradations(TestRequests.image(ModelFamilies.NANO_BANANA).tier(ModelFamilies.TIER_COST_OPTIMIZED)
                        .aspect("auto").resolution("1K").format("png").degrade().build()));
        assertEquals(List.of(dropped("aspect_ratio", "auto"), dropped("resolution", "4K")), imgeditor.degradations(
                TestRequests.image(ModelFamilies.NANO_BANANA).aspect("auto").resolution("4K").format("png")
                        .quality("hd").degrade().build()));
        assertEquals(List.of(dropped("aspect_ratio", "auto"), dropped("output_format", "png"), dropped("quality", "hd")),
                imgeditor.degradations(TestRequests.video("veo-3.1", 8, "720p", null).aspect("auto").format("png")
                        .quality("hd").degrade().build()));
        assertEquals(List.of(dropped("video.generate_audio", false)),
                imgeditor.degradations(TestRequests.video("sora-2", 4, "720p", false).degrade().build()));
        assertEquals(List.of(), imgeditor.degradations(TestRequests.video("sora-2", 4, "720p", true).degrade().build()),
                "audio asked for, and always on");
    }

    /** A request every provider accepts without allow_degrade loses nothing anywhere. */
    @Test
    void withoutDegradeNothingIsDropped() {
        List<GenerationRequest> requests = List.of(
                TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs(refs(1)).build(),
                TestRequests.image(ModelFamilies.NANO_BANANA_PRO).aspect("16:9").resolution("2K").format("png").build(),
                TestRequests.image(ModelFamilies.NANO_BANANA).aspect("auto").format("jpeg").quality("standard").build(),
                TestRequests.video("sora-2", 4, "720p", true).aspect("9:16").build());
        for (Provider provider : List.of(revid, nbpcloud, crun, pixazo, imgeditor)) {
            for (GenerationRequest request : requests) {
                if (provider.check(request).isEmpty()) {
                    assertEquals(List.of(), provider.degradations(request), provider.id() + " " + request);
                }
            }
        }
    }

    private static Degradation dropped(String field, Object requested) {
        return new Degradation(field, requested, null);
    }

    @Test
    void unknownFamilyIsTheModelField() {
        rejects(revid, "model", TestRequests.image("dall-e"));
        rejects(revid, "model", TestRequests.image(null));
    }

    private static void rejects(Provider provider, String field, TestRequests request) {
        Optional<Unsupported> result = provider.check(request.build());
        assertTrue(result.isPresent(), provider.id() + " should reject on " + field);
        assertEquals(field, result.get().field(), provider.id() + ": " + result.get().reason());
    }

    private static void accepts(Provider provider, TestRequests request) {
        Optional<Unsupported> result = provider.check(request.build());
        assertTrue(result.isEmpty(), () -> provider.id() + " should accept, said " + result);
    }

    private static String[] refs(int count) {
        List<String> urls = new java.util.ArrayList<>(Collections.nCopies(count, ""));
        for (int i = 0; i < count; i++) {
            urls.set(i, "https://img.example.com/ref-" + i + ".png");
        }
        return urls.toArray(String[]::new);
    }
}
