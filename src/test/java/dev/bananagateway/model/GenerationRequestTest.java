package dev.bananagateway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GenerationRequestTest {

    @Test
    void aRequestStoredUnderAnEarlierIdReadsBackUnderTheCurrentOne() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String stored = json.writeValueAsString(GenerationRequest.image("nano-banana-pro", "a banana", List.of()))
                .replace("\"nano-banana-pro\"", "\"nb-pro\"");
        assertEquals("nano-banana-pro", json.readValue(stored, GenerationRequest.class).modelFamily());
    }

    @Test
    void aVideoModelIsNotTouched() {
        assertEquals("veo-3.1-fast", GenerationRequest.image("veo-3.1-fast", "a banana", List.of()).modelFamily());
    }

    /** Every component set, and to a value no default has, so a component the builder loses shows. */
    private static GenerationRequest everyComponentSet() {
        return GenerationRequest.builder()
                .kind(MediaKind.VIDEO)
                .modelFamily("veo-3.1")
                .tier("cost_optimized")
                .prompt("a banana")
                .referenceImageUrls(List.of("https://img.example/1.png"))
                .aspectRatio("16:9")
                .resolution("2K")
                .outputFormat("jpeg")
                .numImages(3)
                .quality("hd")
                .video(new VideoOptions(8, "1080p", true, "no rain"))
                .provider("imgeditor")
                .webhookUrl("https://hooks.example/a")
                .metadata(Map.of("k", "v"))
                .allowDegrade(true)
                .build();
    }

    @Test
    void theBuilderSetsEachComponentToItsOwnValue() {
        assertEquals(new GenerationRequest(MediaKind.VIDEO, "veo-3.1", "cost_optimized", "a banana",
                List.of("https://img.example/1.png"), "16:9", "2K", "jpeg", 3, "hd",
                new VideoOptions(8, "1080p", true, "no rain"), "imgeditor", "https://hooks.example/a", Map.of("k", "v"),
                true), everyComponentSet());
    }

    @Test
    void anEmptyBuilderIsAnImageRequestForOneOutput() {
        assertEquals(new GenerationRequest(MediaKind.IMAGE, "nano-banana", null, "a banana", List.of(), null, null,
                null, 1, null, null, null, null, null, false),
                GenerationRequest.builder().modelFamily("nano-banana").prompt("a banana").build());
    }

    @Test
    void aToBuilderRoundTripGivesAnEqualRequest() {
        GenerationRequest r = everyComponentSet();
        assertEquals(r, r.toBuilder().build());
    }

    @Test
    void withProviderChangesOnlyTheProvider() {
        GenerationRequest r = everyComponentSet();
        GenerationRequest pinned = r.withProvider("revid");
        assertEquals("revid", pinned.provider());
        assertNotEquals(r, pinned);
        assertEquals(r, pinned.withProvider(r.provider()), "setting it back gives the original");
    }

    @Test
    void theBuilderAddsNothingToTheJson() throws Exception {
        // the stored task and the idempotency fingerprint are this JSON: exactly the components
        Set<String> names = new TreeSet<>();
        new ObjectMapper().valueToTree(everyComponentSet()).fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(Set.of("kind", "modelFamily", "tier", "prompt", "referenceImageUrls",
                "aspectRatio", "resolution", "outputFormat", "numImages", "quality", "video", "provider",
                "webhookUrl", "metadata", "allowDegrade")), names);
    }
}
