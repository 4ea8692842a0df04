package dev.javabgp.cli;

import dev.javabgp.calico.resource.LogSeverity;

/**
 * Sets slf4j-simple's level from the configuration. slf4j-simple reads most of its system
 * properties once, when the first logger is made (which reading a configuration already does,
 * through Netty), but looks up the level of a logger's name when that logger is made: so the level
 * is set for {@code dev.javabgp}, whose loggers are made when the speaker starts. A level the user
 * set with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} (bin/javabgp's {@code JAVABGP_LOG_LEVEL})
 * wins.
 */
final class Logging {

    private static final String DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String JAVABGP_LEVEL = "org.slf4j.simpleLogger.log.dev.javabgp";

    private Logging() {}

    /** Before anything logs: a daemon's log lines carry their time. */
    static void withTimes() {
        setIfUnset("org.slf4j.simpleLogger.showDateTime", "true");
        setIfUnset("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    }

    /** Calico's {@code logSeverityScreen}, for the speaker's own loggers. */
    static void at(LogSeverity severity) {
        if (System.getProperty(DEFAULT_LEVEL) == null) {
            setIfUnset(JAVABGP_LEVEL, severity.slf4jLevel().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** A command whose output is its report: only warnings and errors. */
    static void quiet() {
        setIfUnset(DEFAULT_LEVEL, "warn");
    }

    private static void setIfUnset(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
