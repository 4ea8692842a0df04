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
}
