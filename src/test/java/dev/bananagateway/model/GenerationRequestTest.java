package dev.bananagateway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
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
}
