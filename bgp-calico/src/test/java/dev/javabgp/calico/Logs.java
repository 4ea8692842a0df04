package dev.javabgp.calico;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What slf4j-simple logs while a piece of code runs: it writes to whatever System.err is at the time. */
public final class Logs {

    private Logs() {}

    /** Code that may throw, as a test's steps do. */
    @FunctionalInterface
    public interface Steps {
        void run() throws Exception;
    }

    /** The lines logged while {@code steps} ran, each as {@code LEVEL logger - message} (the thread's name left out). */
    public static List<String> capture(Steps steps) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            steps.run();
        } finally {
            System.setErr(before);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().map(l -> l.replaceFirst("^\\[[^\\]]*\\] ", "")).toList();
    }
}
