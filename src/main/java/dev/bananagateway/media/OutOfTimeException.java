package dev.bananagateway.media;

/** The copy's time ran out before the file was whole: nothing is stored, and it may simply go on later. */
public class OutOfTimeException extends MediaException {

    public OutOfTimeException() {
        super("the copy did not finish in the time it had");
    }
}
