package dev.javabgp.core.dataplane;

/** A change the dataplane refused, such as a route whose device is missing. */
public class DataplaneException extends Exception {
    private static final long serialVersionUID = 1L;

    public DataplaneException(String message) {
        super(message);
    }

    public DataplaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
