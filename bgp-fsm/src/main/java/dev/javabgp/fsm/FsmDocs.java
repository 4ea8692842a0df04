package dev.javabgp.fsm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Inet4Address;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Writes the generated parts of docs/fsm.md from the code: the state diagram (Mermaid) and the
 * transition table from {@link TransitionTable}, and the session attributes with the defaults of
 * {@link SessionAttributes}. Each part sits between {@code <!-- BEGIN GENERATED name -->} and
 * {@code <!-- END GENERATED name -->}; the text around them is left alone.
 *
 * <p>{@code java dev.javabgp.fsm.FsmDocs docs/fsm.md} rewrites the file in place.
 */
public final class FsmDocs {

    private FsmDocs() {}

    public static void main(String[] args) throws IOException {
        Path path = Path.of(args.length > 0 ? args[0] : "docs/fsm.md");
        String text = Files.readString(path, StandardCharsets.UTF_8);
        Files.writeString(path, update(text), StandardCharsets.UTF_8);
    }

    /** {@code document} with every generated part replaced by what the code says now. */
    public static String update(String document) {
        String text = replace(document, "diagram", "```mermaid\n" + mermaid() + "```\n");
        text = replace(text, "events", eventsMarkdown());
        text = replace(text, "transitions", transitionsMarkdown());
        return replace(text, "attributes", attributesMarkdown());
    }

    private static String replace(String document, String name, String content) {
        String begin = "<!-- BEGIN GENERATED " + name + " -->\n";
        String end = "<!-- END GENERATED " + name + " -->";
        int b = document.indexOf(begin);
        int e = document.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("the document has no generated part named " + name);
        }
        return document.substring(0, b + begin.length()) + content + document.substring(e);
    }

    /**
     * The state diagram: one arrow per pair of states, labelled with the RFC 4271 §8.1 numbers
     * of the events that may take it. Transitions that stay in their state are left out.
     */
    public static String mermaid() {
        Map<FsmState, Map<FsmState, EnumSet<EventType>>> edges = new EnumMap<>(FsmState.class);
        for (TransitionTable.Row row : TransitionTable.rows()) {
            if (row.ignored()) {
                continue;
            }
            for (FsmState to : row.targets()) {
                // Self-transitions clutter the picture; the transition tables list them.
                if (to == row.from()) {
                    continue;
                }
                edges.computeIfAbsent(row.from(), s -> new EnumMap<>(FsmState.class))
                        .computeIfAbsent(to, s -> EnumSet.noneOf(EventType.class))
                        .addAll(row.events());
            }
        }
        StringBuilder sb = new StringBuilder("stateDiagram-v2\n");
        sb.append("    [*] --> Idle\n");
        edges.forEach((from, targets) -> targets.forEach((to, events) ->
                sb.append("    ").append(from.rfcName()).append(" --> ").append(to.rfcName())
                        .append(" : ").append(label(events)).append('\n')));
        return sb.toString();
    }

    /** "1, 3, 21-28, RouteRefreshMsg": numbers with runs of three or more as ranges, then added events. */
    static String label(EnumSet<EventType> events) {
        List<Integer> numbers = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (EventType e : events) {
            if (e.number() > 0) {
                numbers.add(e.number());
            } else {
                named.add(e.rfcName());
            }
        }
        StringJoiner out = new StringJoiner(", ");
        for (int i = 0; i < numbers.size(); ) {
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
                j++;
            }
            if (j - i >= 2) {
                out.add(numbers.get(i) + "-" + numbers.get(j));
            } else {
                for (int k = i; k <= j; k++) {
                    out.add(String.valueOf(numbers.get(k)));
                }
            }
            i = j + 1;
        }
        named.forEach(out::add);
        return out.toString();
    }

    /** The events with their RFC 4271 §8.1 numbers and the {@link FsmEvent} that carries each. */
    public static String eventsMarkdown() {
        StringBuilder sb = new StringBuilder("| # | RFC 4271 name | `FsmEvent` |\n|---|---|---|\n");
        for (EventType e : EventType.values()) {
            sb.append("| ").append(e.number() > 0 ? String.valueOf(e.number()) : "-").append(" | ")
                    .append(e.rfcName()).append(" | `").append(javaEvent(e)).append("` |\n");
        }
        return sb.toString();
    }

    private static String javaEvent(EventType type) {
        return switch (type) {
            case MANUAL_START -> "ManualStart";
            case MANUAL_STOP -> "ManualStop";
            case AUTOMATIC_START -> "AutomaticStart";
            case MANUAL_START_PASSIVE -> "ManualStartPassive";
            case AUTOMATIC_START_PASSIVE -> "AutomaticStartPassive";
            case AUTOMATIC_START_DAMPED -> "AutomaticStartWithDamping";
            case AUTOMATIC_START_DAMPED_PASSIVE -> "AutomaticStartWithDampingPassive";
            case AUTOMATIC_STOP -> "AutomaticStop";
            case CONNECT_RETRY_TIMER_EXPIRES -> "ConnectRetryTimerExpires";
            case HOLD_TIMER_EXPIRES -> "HoldTimerExpires";
            case KEEPALIVE_TIMER_EXPIRES -> "KeepaliveTimerExpires";
            case DELAY_OPEN_TIMER_EXPIRES -> "DelayOpenTimerExpires";
            case IDLE_HOLD_TIMER_EXPIRES -> "IdleHoldTimerExpires";
            case TCP_CONNECTION_VALID -> "TcpConnectionValid";
            case TCP_CR_INVALID -> "TcpConnectionInvalid";
            case TCP_CR_ACKED -> "TcpConnectionAcked";
            case TCP_CONNECTION_CONFIRMED -> "TcpConnectionConfirmed";
            case TCP_CONNECTION_FAILS -> "TcpConnectionFails";
            case BGP_OPEN -> "OpenReceived";
            case BGP_OPEN_WITH_DELAY_OPEN_TIMER_RUNNING -> "OpenReceived (while the DelayOpenTimer runs)";
            case BGP_HEADER_ERR -> "HeaderError";
            case BGP_OPEN_MSG_ERR -> "OpenMessageError";
            case OPEN_COLLISION_DUMP -> "OpenCollisionDump";
            case NOTIF_MSG_VER_ERR -> "NotificationReceived (Unsupported Version Number)";
            case NOTIF_MSG -> "NotificationReceived";
            case KEEP_ALIVE_MSG -> "KeepaliveReceived";
            case UPDATE_MSG -> "UpdateReceived";
            case UPDATE_MSG_ERR -> "UpdateMessageError";
            case ROUTE_REFRESH_MSG -> "RouteRefreshReceived";
            case STABLE_SESSION_TIMER_EXPIRES -> "StableSessionTimerExpires";
            case UPDATE_SENT -> "UpdateSent";
        };
    }

    /** Every row of the table, state by state, as Markdown tables. */
    public static String transitionsMarkdown() {
        StringBuilder sb = new StringBuilder();
        FsmState current = null;
        for (TransitionTable.Row row : TransitionTable.rows()) {
            if (row.from() != current) {
                current = row.from();
                sb.append(sb.isEmpty() ? "" : "\n").append("#### ").append(current.rfcName()).append("\n\n");
                sb.append("| Events | Next state | What happens |\n");
                sb.append("|---|---|---|\n");
            }
            StringJoiner events = new StringJoiner(", ");
            for (EventType e : row.events()) {
                events.add((e.number() > 0 ? e.number() + " " : "") + "`" + e.rfcName() + "`");
            }
            StringJoiner targets = new StringJoiner(" or ");
            row.targets().forEach(t -> targets.add(t.rfcName()));
            sb.append("| ").append(events).append(" | ").append(targets).append(" | ").append(row.actions()).append(" |\n");
        }
        return sb.toString();
    }

    private record Attribute(String name, String rfcName, Function<SessionAttributes, Object> value, String meaning) {}

    private static final List<Attribute> ATTRIBUTES = List.of(
            new Attribute("connectRetryTime", "ConnectRetryTime", SessionAttributes::connectRetryTime,
                    "Wait between attempts to connect (RFC 4271 §10)."),
            new Attribute("holdTime", "HoldTime", SessionAttributes::holdTime,
                    "Hold time proposed in our OPEN; 0 or at least 3 s (RFC 4271 §4.2, §10)."),
            new Attribute("keepaliveTime", "KeepaliveTime", SessionAttributes::keepaliveTime,
                    "Largest KEEPALIVE interval; the negotiated one is at most a third of the negotiated hold time."),
            new Attribute("largeHoldTime", "(HoldTimer in OpenSent)", SessionAttributes::largeHoldTime,
                    "Hold timer while waiting for the peer's OPEN (RFC 4271 §8.2.2 suggests 4 minutes)."),
            new Attribute("minimumHoldTime", "-", SessionAttributes::minimumHoldTime,
                    "Smallest non-zero hold time accepted from the peer, else Unacceptable Hold Time (2/6)."),
            new Attribute("allowAutomaticStart", "AllowAutomaticStart", SessionAttributes::allowAutomaticStart,
                    "Honour events 3, 5, 6 and 7."),
            new Attribute("allowAutomaticStop", "AllowAutomaticStop", SessionAttributes::allowAutomaticStop,
                    "Honour event 8."),
            new Attribute("passiveTcpEstablishment", "PassiveTcpEstablishment", SessionAttributes::passiveTcpEstablishment,
                    "Every start waits for the peer to connect (Active) instead of connecting (Connect)."),
            new Attribute("dampPeerOscillations", "DampPeerOscillations", SessionAttributes::dampPeerOscillations,
                    "Delay damped automatic starts (events 6, 7) after flaps by the IdleHoldTimer."),
            new Attribute("idleHoldTime", "IdleHoldTime", SessionAttributes::idleHoldTime,
                    "Idle hold time after the first flap; it doubles with each further flap."),
            new Attribute("maxIdleHoldTime", "-", SessionAttributes::maxIdleHoldTime,
                    "Ceiling of the doubling idle hold time."),
            new Attribute("stablePeriod", "-", SessionAttributes::stablePeriod,
                    "Time Established after which the flap count, and so the idle hold time, start over."),
            new Attribute("delayOpen", "DelayOpen", SessionAttributes::delayOpen,
                    "After the TCP connection, wait for the peer's OPEN before sending ours."),
            new Attribute("delayOpenTime", "DelayOpenTime", SessionAttributes::delayOpenTime,
                    "How long DelayOpen waits."),
            new Attribute("sendNotificationWithoutOpen", "SendNOTIFICATIONwithoutOPEN",
                    SessionAttributes::sendNotificationWithoutOpen,
                    "A NOTIFICATION may be sent before our OPEN (errors and stops while DelayOpen waits)."),
            new Attribute("collisionDetectEstablishedState", "CollisionDetectEstablishedState",
                    SessionAttributes::collisionDetectEstablishedState,
                    "Collision detection (RFC 4271 §6.8) may close an Established connection."),
            new Attribute("trackTcpState", "TrackTcpState", SessionAttributes::trackTcpState,
                    "The driver reports TCP connection requests (events 14, 15); invalid ones are rejected."),
            new Attribute("strictRole", "-", SessionAttributes::strictRole,
                    "Refuse a peer that announces no BGP role when we announce one (RFC 9234 §4.2)."),
            new Attribute("localCapabilities", "-", a -> a.localCapabilities().stream()
                            .map(c -> c.getClass().getSimpleName()).toList(),
                    "Capabilities of our OPEN; the 4-octet AS capability is always added (RFC 6793)."));

    /** The session attributes with their defaults. */
    public static String attributesMarkdown() {
        SessionAttributes defaults = SessionAttributes.builder(64512, documentationAddress(), 64513).build();
        StringBuilder sb = new StringBuilder();
        sb.append("| Attribute | RFC 4271 §8.1.1 name | Default | Meaning |\n");
        sb.append("|---|---|---|---|\n");
        for (Attribute a : ATTRIBUTES) {
            sb.append("| `").append(a.name()).append("` | ").append(a.rfcName()).append(" | ")
                    .append(format(a.value().apply(defaults))).append(" | ").append(a.meaning()).append(" |\n");
        }
        return sb.toString();
    }

    private static String format(Object value) {
        if (value instanceof Duration d) {
            long s = d.getSeconds();
            if (s < 300) {
                return s + " s";
            }
            if (s % 3600 == 0) {
                return s / 3600 + " h";
            }
            if (s % 60 == 0) {
                return s / 60 + " min";
            }
            return s + " s";
        }
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(Object::toString).toList());
        }
        return String.valueOf(value);
    }

    private static Inet4Address documentationAddress() {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
