package dev.bananagateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bananagateway.model.Mode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelOfferTest {

    /** Every component set, and to a value no default has, so a component the builder loses shows. */
    private static ModelOffer everyComponentSet() {
        return ModelOffer.of("veo-3.1", "veo-3.1-wire")
                .tier(ModelFamilies.TIER_COST_OPTIMIZED)
                .modes(Mode.TEXT_TO_VIDEO, Mode.IMAGE_TO_VIDEO)
                .minReferenceImages(1)
                .maxReferenceImages(2)
                .aspectRatios("16:9", "9:16")
                .resolutions("720p", "1080p")
                .outputFormats("png")
                .maxOutputs(3)
                .videoDurations(4, 8)
                .videoAudio(true)
                .priceUsd(0.5)
                .build();
    }

    @Test
    void theBuilderSetsEachComponentToItsOwnValue() {
        assertEquals(new ModelOffer("veo-3.1", ModelFamilies.TIER_COST_OPTIMIZED, "veo-3.1-wire",
                Set.of(Mode.TEXT_TO_VIDEO, Mode.IMAGE_TO_VIDEO), 1, 2, Set.of("16:9", "9:16"), Set.of("720p", "1080p"),
                Set.of("png"), 3, Set.of(4, 8), true, 0.5), everyComponentSet());
    }

    @Test
    void unnamedLimitsTakeTheDocumentedDefaults() {
        ModelOffer offer = ModelOffer.of("nano-banana", "nb").modes(Mode.TEXT_TO_IMAGE).priceUsd(0.02).build();
        assertEquals(new ModelOffer("nano-banana", ModelFamilies.TIER_STANDARD, "nb", Set.of(Mode.TEXT_TO_IMAGE), 0,
                0, Set.of(), Set.of(), Set.of(), 1, Set.of(), false, 0.02), offer);
    }

    @Test
    void aToBuilderRoundTripGivesAnEqualOffer() {
        ModelOffer offer = everyComponentSet();
        assertEquals(offer, offer.toBuilder().build());
    }

    @Test
    void aChangeThroughTheBuilderChangesOnlyThatComponent() {
        ModelOffer offer = everyComponentSet();
        ModelOffer changed = offer.toBuilder().maxReferenceImages(9).build();
        assertEquals(9, changed.maxReferenceImages());
        assertNotEquals(offer, changed);
        assertEquals(offer, changed.toBuilder().maxReferenceImages(offer.maxReferenceImages()).build(),
                "setting it back gives the original");
    }

    @Test
    void anOfferNeedsAModeAPriceAndConsistentReferenceLimits() {
        assertThrows(IllegalStateException.class, () -> ModelOffer.of("nano-banana", "nb").priceUsd(0.02).build());
        assertThrows(IllegalStateException.class, () -> ModelOffer.of("nano-banana", "nb")
                .modes(Mode.TEXT_TO_IMAGE).build());
        assertThrows(IllegalStateException.class, () -> ModelOffer.of("nano-banana", "nb").modes(Mode.IMAGE_TO_IMAGE)
                .minReferenceImages(2).maxReferenceImages(1).priceUsd(0.02).build());
    }
}
