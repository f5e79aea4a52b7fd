package dev.bananagateway.model;

/** Generation mode; derived from the kind and whether reference images are given. */
public enum Mode {
    TEXT_TO_IMAGE, IMAGE_TO_IMAGE, TEXT_TO_VIDEO, IMAGE_TO_VIDEO;

    public static Mode of(MediaKind kind, boolean hasReferenceImages) {
        if (kind == MediaKind.VIDEO) {
            return hasReferenceImages ? IMAGE_TO_VIDEO : TEXT_TO_VIDEO;
        }
        return hasReferenceImages ? IMAGE_TO_IMAGE : TEXT_TO_IMAGE;
    }
}
