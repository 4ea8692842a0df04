package dev.javabgp.cli;

import dev.javabgp.calico.resource.LogSeverity;

/**
 * Sets slf4j-simple's level from the configuration. slf4j-simple reads its system properties once,
 * when the first logger is made, so this works only before anything has logged; a level the user
 * set with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} (bin/javabgp's {@code JAVABGP_LOG_LEVEL})
 * wins.
 */
final class Logging {

    private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private Logging() {}

    /** A daemon's log: Calico's {@code logSeverityScreen}, with times. */
    static void forDaemon(LogSeverity severity) {
        setIfUnset(LEVEL, severity.slf4jLevel().name().toLowerCase(java.util.Locale.ROOT));
        setIfUnset("org.slf4j.simpleLogger.showDateTime", "true");
        setIfUnset("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        // Debug is for the speaker's own decisions; Netty's internals at debug drown them.
        setIfUnset("org.slf4j.simpleLogger.log.io.netty", "info");
    }

    /** A command whose output is its report: only warnings and errors. */
    static void quiet() {
        setIfUnset(LEVEL, "warn");
    }

    private static void setIfUnset(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
