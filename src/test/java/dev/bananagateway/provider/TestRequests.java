package dev.bananagateway.provider;

import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.MediaKind;
import dev.bananagateway.model.VideoOptions;
import java.util.List;

/** Builds normalized requests for tests; every field starts at the provider default. */
public final class TestRequests {

    private MediaKind kind = MediaKind.IMAGE;
    private String family;
    private String tier;
    private String prompt = "a banana in space";
    private List<String> refs = List.of();
    private String aspectRatio;
    private String resolution;
    private String outputFormat;
    private int numImages = 1;
    private String quality;
    private VideoOptions video;
    private boolean allowDegrade;

    private TestRequests(String family) {
        this.family = family;
    }

    public static TestRequests image(String family) {
        return new TestRequests(family);
    }

    public static TestRequests video(String family, Integer seconds, String resolution, Boolean audio) {
        TestRequests r = new TestRequests(family);
        r.kind = MediaKind.VIDEO;
        r.video = new VideoOptions(seconds, resolution, audio, null);
        return r;
    }

    public TestRequests tier(String value) {
        tier = value;
        return this;
    }

    public TestRequests prompt(String value) {
        prompt = value;
        return this;
    }

    public TestRequests refs(String... urls) {
        refs = List.of(urls);
        return this;
    }

    public TestRequests aspect(String value) {
        aspectRatio = value;
        return this;
    }

    public TestRequests resolution(String value) {
        resolution = value;
        return this;
    }

    public TestRequests format(String value) {
        outputFormat = value;
        return this;
    }

    public TestRequests outputs(int value) {
        numImages = value;
        return this;
    }

    public TestRequests quality(String value) {
        quality = value;
        return this;
    }

    public TestRequests videoOptions(VideoOptions value) {
        video = value;
        return this;
    }

    public TestRequests degrade() {
        allowDegrade = true;
        return this;
    }

    public GenerationRequest build() {
        return GenerationRequest.builder().kind(kind).modelFamily(family).tier(tier).prompt(prompt)
                .referenceImageUrls(refs).aspectRatio(aspectRatio).resolution(resolution).outputFormat(outputFormat)
                .numImages(numImages).quality(quality).video(video).allowDegrade(allowDegrade).build();
    }
}
