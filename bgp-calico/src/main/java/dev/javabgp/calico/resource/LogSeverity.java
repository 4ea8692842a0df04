package dev.javabgp.calico.resource;

/** BGPConfiguration's {@code logSeverityScreen}: the least severe level that is logged. */
public enum LogSeverity implements Spelled {
    DEBUG("Debug"), INFO("Info"), WARNING("Warning"), ERROR("Error"), FATAL("Fatal");

    private final String spelling;

    LogSeverity(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    /** The SLF4J level to log at; SLF4J has nothing above ERROR, so Fatal logs errors too. */
    public org.slf4j.event.Level slf4jLevel() {
        return switch (this) {
            case DEBUG -> org.slf4j.event.Level.DEBUG;
            case INFO -> org.slf4j.event.Level.INFO;
            case WARNING -> org.slf4j.event.Level.WARN;
            case ERROR, FATAL -> org.slf4j.event.Level.ERROR;
        };
    }
}
