package dev.bananagateway.media;

/** A file that could not be fetched or stored; the message says why and never holds a signed URL. */
public class MediaException extends Exception {

    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
