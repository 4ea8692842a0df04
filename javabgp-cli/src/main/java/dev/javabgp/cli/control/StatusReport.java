package dev.javabgp.cli.control;

import dev.javabgp.calico.node.NodeSettings;
import dev.javabgp.core.PeerStatus;
import dev.javabgp.fsm.FsmState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code javabgp status} prints: the node, then one row per peer with its state, uptime,
 * prefixes received and sent, flaps and last error, as {@code calicoctl node status} and
 * {@code birdc show protocols} show them. Made from the speaker's {@link PeerStatus}, which holds no
 * password.
 */
public final class StatusReport {

    private StatusReport() {}

    /**
     * The report of a node that runs with {@code settings} since {@code started}, its peers as they
     * are {@code now}.
     *
     * @param listening whether a speaker runs and listens
     * @param condition why the node does not run as configured, a line of its own; or null
     */
    public static String of(NodeSettings settings, boolean listening, String condition, Instant started, int announced,
            List<PeerStatus> peers, Instant now) {
        StringBuilder sb = new StringBuilder();
        sb.append("node ").append(settings.nodeName()).append(": AS ").append(settings.asNumber()).append(", router ID ")
                .append(settings.routerId()).append(", ");
        if (listening) {
            sb.append("listening on ").append(settings.listenAddress()).append(':').append(settings.listenPort());
        } else {
            sb.append("not listening");
        }
        sb.append(", up ").append(duration(Duration.between(started, now))).append('\n');
        if (condition != null) {
            sb.append(condition).append('\n');
        }
        sb.append("service prefixes announced: ").append(announced).append('\n');
        sb.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PEER", "AS", "TYPE", "STATE", "UPTIME", "RECEIVED", "SENT", "FLAPS", "LAST ERROR"});
        for (PeerStatus p : peers) {
            rows.add(new String[] {
                io.netty.util.NetUtil.toAddressString(p.address()),
                Long.toString(p.remoteAs()),
                p.remoteAs() == settings.asNumber() ? "iBGP" : "eBGP",
                p.state().rfcName(),
                p.state() == FsmState.ESTABLISHED && p.establishedSince() != null
                        ? duration(Duration.between(p.establishedSince(), now)) : "-",
                Long.toString(p.prefixesReceived()),
                Long.toString(p.prefixesAdvertised()),
                Integer.toString(p.flaps()),
                p.lastError() == null ? "-" : p.lastError()});
        }
        if (peers.isEmpty()) {
            sb.append(listening ? "no peers configured for this node\n" : "no sessions\n");
        } else {
            table(rows, sb);
        }
        return sb.toString();
    }

    /** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
    public static void table(List<String[]> rows, StringBuilder sb) {
        int columns = rows.getFirst().length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** 0:02:13, or 3d04:05:06 past a day. */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        long days = s / 86_400;
        String hms = String.format("%d:%02d:%02d", (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
        return days > 0 ? days + "d" + hms : hms;
    }
}
